//! What chat and social apps show when a link to the site is pasted (Open
//! Graph and Twitter card tags, written by `meta.html`): the site-wide values.

use crate::config::{Language, SiteConfig};
use minijinja::{context, Value};

/// `og:locale` for the UI language.
fn locale(language: Language) -> &'static str {
    match language {
        Language::Ja => "ja_JP",
        Language::En => "en_US",
    }
}

/// The site image as an absolute URL, which chat apps need: `image` as
/// written when it is one, else resolved against `base_url`; `None`
/// without either.
fn image_url(config: &SiteConfig) -> Option<String> {
    let image = config.image.as_deref()?.trim();
    if image.starts_with("https://") || image.starts_with("http://") {
        return Some(image.to_string());
    }
    let base = config.base_url.as_deref()?;
    Some(format!(
        "{base}{}",
        crate::urls::encode_path(image.trim_start_matches('/'))
    ))
}

/// The `og` values templates read as `site.og`.
pub fn site_values(config: &SiteConfig) -> Value {
    context! {
        locale => locale(config.language),
        image => image_url(config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_image_needs_the_base_url_to_be_shown() {
        let mut config = SiteConfig {
            image: Some("images/cover.png".into()),
            ..SiteConfig::default()
        };
        assert_eq!(image_url(&config), None);
        config.base_url = Some("https://wiki.example.com/eks/".into());
        assert_eq!(
            image_url(&config).as_deref(),
            Some("https://wiki.example.com/eks/images/cover.png")
        );
        config.image = Some("https://cdn.example.com/c.png".into());
        assert_eq!(
            image_url(&config).as_deref(),
            Some("https://cdn.example.com/c.png")
        );
    }
}
