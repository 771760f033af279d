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
