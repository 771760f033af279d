//! Links as Docusaurus resolves them: a doc's `id` is its URL name, a file
//! that became its folder's index is linked by its own name, and a file
//! path not beside the note is read from the top of the docs.

use crate::common::Site;

#[test]
fn ids_index_files_and_paths_from_the_top_resolve() {
    let site = Site::with(&[
        ("content/faq/OrganizingState.md", "---\nid: organizing-state\ntitle: Organizing State\n---\n## Non serializable\n"),
        ("content/tutorials/tutorials-index.md", "---\nslug: index\ntitle: チュートリアル一覧\n---\n一覧\n"),
        ("content/api/Store.md", "---\ntitle: Store\n---\n## getState\n"),
        (
            "content/tutorials/quick-start.md",
            "---\ntitle: Quick start\n---\n[一覧](./tutorials-index.md)、[状態](/faq/organizing-state#non-serializable)、[store](api/Store.md#getstate)\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("tutorials/quick-start.html");
    assert_eq!(page.count(".broken-link"), 0, "{}", page.html());
    assert_eq!(
        page.attrs(".note-body a", "href"),
        [
            "index.html",
            "../faq/OrganizingState.html#non-serializable",
            "../api/Store.html#getstate"
        ]
    );
}
