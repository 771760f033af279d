//! The official documentation catalog page.

use super::*;

pub(super) fn docs_context(library: &Library, shared: &Shared<'_>) -> Value {
    let mut categories: BTreeMap<(usize, String), Vec<Value>> = BTreeMap::new();
    let mut first_seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut uncovered = Vec::new();
    for (d, page) in library.catalog.pages.iter().enumerate() {
        let order = *first_seen.entry(page.category.clone()).or_insert(d);
        let cited_by = &library.citations[d];
        let citing: Vec<Value> = cited_by
            .iter()
            .take(DOC_CITING_LIMIT)
            .map(|&n| shared.refs[n].clone())
            .collect();
        if citing.is_empty() {
            uncovered.push(context! { title => page.title.clone(), url => page.url.clone(), anchor => doc_anchor(&page.id), id => page.id.clone() });
        }
        categories
            .entry((order, page.category.clone()))
            .or_default()
            .push(context! {
                id => page.id.clone(),
                title => page.title.clone(),
                url => page.url.clone(),
                anchor => doc_anchor(&page.id),
                notes => citing,
                more => cited_by.len().saturating_sub(DOC_CITING_LIMIT),
            });
    }
    let total = library.catalog.pages.len();
    let covered = total - uncovered.len();
    let categories: Vec<Value> = categories
        .into_iter()
        .map(|((_, name), docs)| context! { name => name, docs => docs })
        .collect();
    context! { categories => categories, uncovered => uncovered, covered => covered, total => total }
}
