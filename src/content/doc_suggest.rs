//! "Did you mean …?" for an official doc id that is not in the catalog.
//!
//! Authors mistype ids (`private-cluster`), but they also write what they
//! see on the page instead of the id: its title (`プライベートクラスター`),
//! its file name (`private-clusters.html`), its URL, or a longer name that
//! holds the id (`eks-fargate`). Edit distance alone finds only the first.

use super::catalog::Catalog;

impl Catalog {
    /// The catalog id an author most likely meant by `written`.
    pub fn suggest(&self, written: &str) -> Option<&str> {
        let written = written.trim();
        if written.is_empty() {
            return None;
        }
        if let Some(doc) = self.by_url(written) {
            return Some(self.pages[doc].id.as_str());
        }
        // A page's file name, or the last segment of a URL not in the catalog.
        let name = written
            .rsplit('/')
            .next()
            .unwrap_or(written)
            .trim_end_matches(".html");
        if name != written && self.get(name).is_some() {
            return Some(self.pages[self.get(name)?].id.as_str());
        }
        if let Some(id) = crate::suggest::closest(name, self.ids()) {
            return Some(id);
        }
        let lowered = written.to_lowercase();
        let by_title = self
            .pages
            .iter()
            .filter(|p| {
                let title = p.title.to_lowercase();
                title == lowered || (lowered.chars().count() >= 3 && title.contains(&lowered))
            })
            .min_by_key(|p| (p.title.to_lowercase() != lowered, p.title.len()));
        if let Some(page) = by_title {
            return Some(page.id.as_str());
        }
        // `eks-fargate` holds `fargate`: the longest id found whole inside it.
        self.ids()
            .filter(|id| {
                id.len() >= 3
                    && lowered
                        .split(|c: char| !c.is_alphanumeric())
                        .collect::<Vec<_>>()
                        .windows(id.split('-').count())
                        .any(|w| w.join("-") == *id)
            })
            .max_by_key(|id| id.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn catalog() -> Catalog {
        let text = "\
- id: private-clusters
  title: プライベートクラスターをデプロイする
  url: https://docs.example.com/eks/private-clusters.html
- id: fargate
  title: AWS Fargate
  url: https://docs.example.com/eks/fargate.html
- id: fargate-profile
  title: Fargate プロファイル
  url: https://docs.example.com/eks/fargate-profile.html
";
        Catalog::parse(text, Path::new("official-docs.yaml"), &mut Vec::new())
    }

    #[test]
    fn suggests_ids_from_what_an_author_copies_off_the_page() {
        let c = catalog();
        for (written, id) in [
            ("private-cluster", "private-clusters"),
            ("private-clusters.html", "private-clusters"),
            ("https://docs.example.com/eks/fargate.html#x", "fargate"),
            (
                "https://elsewhere.example/fargate-profile.html",
                "fargate-profile",
            ),
            ("プライベートクラスター", "private-clusters"),
            ("aws fargate", "fargate"),
            ("eks-fargate", "fargate"),
            ("eks-fargate-profile-setup", "fargate-profile"),
        ] {
            assert_eq!(c.suggest(written), Some(id), "{written}");
        }
        assert_eq!(c.suggest("ネットワーク"), None);
        assert_eq!(c.suggest("eks"), None);
    }
}
