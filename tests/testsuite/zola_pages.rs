//! Pages written for Zola: TOML front matter after blank lines, and theme
//! READMEs whose relative links name files of the theme's own repository.

use crate::common::Site;

#[test]
fn toml_front_matter_after_blank_lines_is_read() {
    let site = Site::with(&[(
        "content/themes/apollo.md",
        "\n+++\ntitle = \"apollo\"\ndescription = \"Modern theme\"\n\n[taxonomies]\ntheme-tags = []\n\n[extra]\nlicense = \"MIT\"\n+++        \n\n本文です\n",
    )]);
    let run = site.build();
    let page = site.page("themes/apollo.html");
    assert_eq!(page.text("h1"), "apollo");
    let body = page.text(".note-body");
    assert!(!body.contains("+++") && !body.contains("license"), "{body}");
    assert!(body.contains("本文です"), "{body}");
    assert!(!run.stderr.contains("no title"), "{}", run.stderr);
}

#[test]
fn a_theme_readme_links_its_repositorys_files_there() {
    let site = Site::with(&[
        (
            "content/themes/apollo.md",
            "+++\ntitle = \"apollo\"\n[extra]\nrepository = \"https://github.com/o/apollo.git\"\n+++\n\n[config](config.toml) と [貢献](CONTRIBUTING.md#setup)、[ノート](../other.md)\n\n![shot](screenshot.png)\n",
        ),
        ("content/other.md", "# 他のノート\n"),
        ("content/guide.md", "---\ntitle: ガイド\n---\n[ソース](../src/main.rs)\n"),
    ]);
    let run = site.build();
    let page = site.page("themes/apollo.html");
    let hrefs = page.attrs(".note-body a", "href");
    assert!(
        hrefs.contains(&"https://github.com/o/apollo/blob/HEAD/config.toml".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"https://github.com/o/apollo/blob/HEAD/CONTRIBUTING.md#setup".to_string()),
        "{hrefs:?}"
    );
    // A note of the site is still the note.
    assert!(hrefs.contains(&"../other.html".to_string()), "{hrefs:?}");
    assert_eq!(
        page.attrs(".note-body img", "src"),
        ["https://github.com/o/apollo/raw/HEAD/screenshot.png"]
    );
    assert_eq!(page.count(".broken-link"), 0, "{}", page.html());
    // Without a repository, a file that is not there is unresolved.
    assert_eq!(site.page("guide.html").count(".broken-link"), 1);
    assert!(run.stderr.contains("src/main.rs"), "{}", run.stderr);

    site.write(
        "site.yaml",
        "repository: https://github.com/org/wiki\nrepository_content: docs/content\n",
    );
    site.build();
    assert_eq!(
        site.page("guide.html").attrs(".note-body a", "href"),
        ["https://github.com/org/wiki/blob/HEAD/docs/src/main.rs"]
    );
}
