//! How much room a label takes, estimated without a font: a full-width
//! character (kana, kanji, full-width forms) is 1em, a capital 0.7em, a space
//! 0.3em, anything else 0.56em. Proportional sans-serif fonts stay inside
//! these widths, so labels placed by them do not collide.

/// Font size of every label in SVG user units. The SVG sets it on its root
/// element; the stylesheet must not change it, or the layout's room for
/// labels would be wrong.
pub(crate) const FONT_SIZE: f64 = 13.0;

/// The ellipsis that ends a shortened label.
const ELLIPSIS: char = '…';

/// Width of a character in em.
fn em(c: char) -> f64 {
    if is_wide(c) || c == ELLIPSIS {
        1.0
    } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '@' | '%' | '&') {
        0.7
    } else if c == ' ' {
        0.3
    } else {
        0.56
    }
}

/// East Asian wide and full-width characters, as terminals and fonts count them.
fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Estimated width of `text` at [`FONT_SIZE`], in user units.
pub(crate) fn width(text: &str) -> f64 {
    text.chars().map(em).sum::<f64>() * FONT_SIZE
}

/// `text` if it fits in `max` user units, else its longest prefix that fits
/// with a trailing "…". Whitespace is collapsed first (a title with a line
/// break would otherwise render as one long line anyway).
pub(crate) fn fit(text: &str, max: f64) -> String {
    let text = crate::markdown::collapse_whitespace(text);
    if width(&text) <= max {
        return text;
    }
    let budget = max - em(ELLIPSIS) * FONT_SIZE;
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += em(c) * FONT_SIZE;
        if used > budget {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end().to_string();
    if out.is_empty() {
        return String::new();
    }
    out + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_counts_as_full_width_and_latin_as_narrower() {
        assert_eq!(width("クラスター"), 5.0 * FONT_SIZE);
        assert!((width("EKS") - 2.1 * FONT_SIZE).abs() < 1e-9);
        assert!((width("IAM ロール") - (2.1 + 0.3 + 3.0) * FONT_SIZE).abs() < 1e-9);
        assert!((width("kube-proxy") - 5.6 * FONT_SIZE).abs() < 1e-9);
    }

    #[test]
    fn short_labels_are_kept_whole() {
        assert_eq!(fit("SNAT とノード", 200.0), "SNAT とノード");
        assert_eq!(fit("  二つの\n行  ", 200.0), "二つの 行");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis_that_fits() {
        let title = "プライベートクラスターのエンドポイントアクセス制御";
        let max = 10.0 * FONT_SIZE;
        let cut = fit(title, max);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width(&cut) <= max, "{cut}");
        assert_eq!(cut.chars().count(), 10);
        assert!(title.starts_with(cut.trim_end_matches('…')));
    }

    #[test]
    fn no_room_gives_an_empty_label() {
        assert_eq!(fit("ノード", 5.0), "");
    }
}
