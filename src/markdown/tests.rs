use super::*;

#[test]
fn heading_ids_keep_japanese_and_drop_punctuation() {
    assert_eq!(heading_id("制限事項"), "制限事項");
    assert_eq!(
        heading_id("Fargate の制限（2020年）"),
        "fargate-の制限2020年"
    );
    assert_eq!(heading_id("  What's new?  "), "whats-new");
    assert_eq!(heading_id("!!!"), "section");
}

#[test]
fn repeated_ids_count_up_without_gaps() {
    let mut ids = HashMap::new();
    let got: Vec<String> = ["a", "a", "a", "a-1", "b"]
        .iter()
        .map(|b| unique_id(&mut ids, b.to_string()))
        .collect();
    assert_eq!(got, ["a", "a-1", "a-2", "a-1-1", "b"]);
}

#[test]
fn truncation_marks_the_cut() {
    assert_eq!(truncate("あいうえお", 10), "あいうえお");
    assert_eq!(truncate("あいうえお", 3), "あい…");
}
