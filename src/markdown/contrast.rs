//! WCAG 2 contrast between text and background colours, and the nudge that
//! makes a syntax theme's token colour readable on the site's code background.

use syntect::highlighting::Color;

/// WCAG AA for normal text: code is never "large text".
pub const MIN_CONTRAST: f64 = 4.5;

/// The relative luminance of an sRGB colour (WCAG 2).
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The contrast ratio of two colours, from 1 (same) to 21 (black on white).
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `from` moved `t` (0..=1) of the way to `to`, channel by channel.
fn mix(from: Color, to: Color, t: f64) -> Color {
    let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    Color {
        r: channel(from.r, to.r),
        g: channel(from.g, to.g),
        b: channel(from.b, to.b),
        a: 0xFF,
    }
}

/// Parses `#rrggbb`.
pub fn parse_hex(text: &str) -> Option<Color> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some(Color {
        r: channel(0)?,
        g: channel(2)?,
        b: channel(4)?,
        a: 0xFF,
    })
}

/// `colour` itself when it reaches [`MIN_CONTRAST`] on every one of
/// `backgrounds` (the variants of one colour scheme, e.g. screen and print),
/// else the least darkened (on light backgrounds) or lightened (on dark ones)
/// version that does, so the hue of the theme stays recognisable.
pub fn readable_on(colour: Color, backgrounds: &[Color]) -> Color {
    let Some(&first) = backgrounds.first() else {
        return colour;
    };
    let black = Color::BLACK;
    let white = Color::WHITE;
    let towards = if contrast(first, black) >= contrast(first, white) {
        black
    } else {
        white
    };
    let readable = |c: Color| {
        backgrounds
            .iter()
            .all(|&bg| contrast(c, bg) >= MIN_CONTRAST)
    };
    (0..=100)
        .map(|step| mix(colour, towards, f64::from(step) / 100.0))
        .find(|&c| readable(c))
        .unwrap_or(towards)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Color {
        parse_hex(text).unwrap()
    }

    #[test]
    fn black_on_white_is_21_and_a_colour_on_itself_is_1() {
        assert!((contrast(hex("#000000"), hex("#ffffff")) - 21.0).abs() < 1e-9);
        assert!((contrast(hex("#969896"), hex("#969896")) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_grey_comment_is_darkened_on_light_and_lightened_on_dark() {
        let light = hex("#f4f5f7");
        let comment = hex("#969896");
        assert!(contrast(comment, light) < MIN_CONTRAST);
        let fixed = readable_on(comment, &[light]);
        assert!(contrast(fixed, light) >= MIN_CONTRAST);
        assert!(luminance(fixed) < luminance(comment));

        let dark = hex("#1e232b");
        let comment = hex("#65737e");
        let fixed = readable_on(comment, &[dark]);
        assert!(contrast(fixed, dark) >= MIN_CONTRAST);
        assert!(luminance(fixed) > luminance(comment));
    }

    #[test]
    fn a_readable_colour_is_kept_as_it_is() {
        let navy = hex("#183691");
        assert_eq!(readable_on(navy, &[hex("#f4f5f7"), hex("#f3f3f3")]), navy);
    }
}
