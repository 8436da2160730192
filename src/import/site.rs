//! The site follows the document: the title page's title, subtitle, date, publisher and editors
//! go to `site.yaml`, which the build reads for the home page, citations, BibTeX and the feed.
//!
//! Only the lines of those keys are touched (`yaml::set_top_level`), so comments and every other
//! key stay as the editor wrote them. A key is set when it is missing or still holds what the last
//! import (or `quire init`) put there — recorded in the import manifest; a value the editor changed
//! is left alone and the difference reported.

use super::outline::Front;
use crate::error::Result;
use crate::yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// What the import would do to `site.yaml`.
#[derive(Debug, Default, PartialEq)]
pub struct SitePlan {
    /// The keys to write, with the document's values.
    pub set: Vec<(String, Value)>,
    /// `site.yaml:LINE: …` for each key the editor changed that the document says otherwise.
    pub differences: Vec<String>,
    /// The new text of `site.yaml`, when anything is set.
    pub text: Option<String>,
}

/// The keys the title page gives, in `site.yaml`'s order.
pub fn found(front: &Front) -> Vec<(String, Value)> {
    let mut out = vec![("title".to_string(), Value::from(front.title.clone()))];
    let optional = [
        ("subtitle", &front.subtitle),
        ("publisher", &front.publisher),
        ("date", &front.date),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            out.push((key.to_string(), Value::from(v.clone())));
        }
    }
    if !front.editors.is_empty() {
        out.push((
            "editors".to_string(),
            Value::Sequence(front.editors.iter().cloned().map(Value::from).collect()),
        ));
    }
    out
}

/// Compares `site.yaml`'s `text` (empty when there is none) with what the document gives.
/// `recorded` holds what the last import or `quire init` wrote there.
pub fn plan(
    text: &str,
    path: &Path,
    recorded: &BTreeMap<String, Value>,
    found: &[(String, Value)],
) -> Result<SitePlan> {
    let current: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        crate::yaml::parse(text, path, 0)?
    };
    let mut plan = SitePlan::default();
    for (key, value) in found {
        match current.get(key) {
            Some(now) if now == value => {}
            Some(now) if recorded.get(key) != Some(now) => {
                let line = crate::date::key_line(text, key).unwrap_or(1);
                plan.differences.push(format!(
                    "{}:{line}: {key} is {} but the document says {}; left as you wrote it (delete the line to take the document's)",
                    path.display(),
                    show(now),
                    show(value)
                ));
            }
            _ => plan.set.push((key.clone(), value.clone())),
        }
    }
    if !plan.set.is_empty() {
        plan.text = Some(crate::yaml::set_top_level(text, path, &plan.set)?);
    }
    Ok(plan)
}

fn show(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front() -> Front {
        Front {
            title: "Report from the IAB Workshop".into(),
            date: Some("2021-05-05".into()),
            editors: vec!["J. Arkko".into()],
            ..Front::default()
        }
    }

    #[test]
    fn starter_values_are_replaced_and_edited_ones_reported() {
        let text =
            "# mine\ntitle: My Workshop\nsubtitle: Workshop Proceedings\ndate: \"2020-02-02\"\n";
        let recorded: BTreeMap<String, Value> =
            [("title".to_string(), Value::from("My Workshop"))].into();
        let p = plan(text, Path::new("site.yaml"), &recorded, &found(&front())).unwrap();
        let keys: Vec<&str> = p.set.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["title", "editors"]);
        assert_eq!(p.differences.len(), 1, "{:?}", p.differences);
        assert!(p.differences[0].starts_with(
            "site.yaml:4: date is \"2020-02-02\" but the document says \"2021-05-05\""
        ));
        let text = p.text.unwrap();
        assert!(
            text.starts_with(
                "# mine\ntitle: Report from the IAB Workshop\nsubtitle: Workshop Proceedings\n"
            ),
            "{text}"
        );
    }
}
