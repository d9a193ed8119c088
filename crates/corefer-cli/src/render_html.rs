//! The HTML view of a document's clusters: its text with each cluster's mentions highlighted in the
//! cluster's own colour, the representative (and for a model's pronoun, how sure the model is of its link)
//! on hover, and a legend of clusters.
//!
//! Design decision: one self-contained file (inline CSS and a few lines of inline script, no external
//! assets), built from the same checked [`MentionSet`] the rewriter uses. Mentions never cross there, so
//! nested mentions map to properly nested `<span>`s in one sweep over the text, and the text between tags
//! is the original, escaped, with its whitespace kept (`white-space: pre-wrap`).

use std::fmt::Write;

use corefer::rewrite::{MentionSet, Representative};
use corefer::TextSpan;

/// Renders the page; `representatives` is indexed by cluster id, as [`corefer::rewrite::rewrite`] gives it.
pub fn render(title: &str, set: &MentionSet, representatives: &[Option<Representative>]) -> String {
    let names: Vec<String> = set
        .clusters()
        .iter()
        .zip(representatives)
        .map(|(mentions, rep)| match (rep, mentions.first()) {
            (Some(rep), _) => rep.text.to_string(),
            (None, Some(first)) => format!("{} (no name: pronouns only)", set.slice(first.bytes)),
            (None, None) => String::new(),
        })
        .collect();
    let mut page = String::with_capacity(set.text().len() * 2 + 4096);
    let mentions = set.clusters().iter().map(Vec::len).sum::<usize>();
    let clusters = set.clusters().iter().filter(|c| !c.is_empty()).count();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>corefer: {t}</title>\n\
         <style>\n{STYLE}{colours}</style>\n</head>\n<body>\n<header><h1>{t}</h1><p>{clusters} clusters, \
         {mentions} mentions. Hover a mention to see its cluster's name and all its mentions.</p></header>\n\
         <div class=\"page\">\n<main class=\"doc\">",
        t = escape(title),
        colours = colour_rules(set.clusters().len()),
    );
    write_text(&mut page, set, &names);
    page.push_str("</main>\n<aside class=\"legend\"><h2>Clusters</h2>\n<ol>\n");
    for (k, mentions) in set.clusters().iter().enumerate().filter(|(_, m)| !m.is_empty()) {
        let _ = writeln!(
            page,
            "<li class=\"c{k}\" data-c=\"{k}\"><span class=\"swatch\"></span><span class=\"id\">{k}</span> \
             {} <span class=\"count\">{} mention{}</span></li>",
            escape(&names[k]),
            mentions.len(),
            if mentions.len() == 1 { "" } else { "s" }
        );
    }
    page.push_str("</ol>\n</aside>\n</div>\n");
    page.push_str(SCRIPT);
    page.push_str("</body>\n</html>\n");
    page
}

/// Writes the text with one `<span>` per mention, outer mentions opened first.
fn write_text(page: &mut String, set: &MentionSet, names: &[String]) {
    let text = set.text();
    let mut mentions: Vec<(TextSpan, usize)> =
        set.clusters().iter().enumerate().flat_map(|(k, ms)| ms.iter().map(move |&m| (m, k))).collect();
    mentions.sort_by_key(|(m, _)| (m.bytes.start(), std::cmp::Reverse(m.bytes.end())));
    let mut open: Vec<usize> = Vec::new();
    let mut copied_to = 0;
    for (mention, k) in mentions {
        while let Some(&end) = open.last().filter(|&&end| end <= mention.bytes.start()) {
            page.push_str(&escape(&text[copied_to..end]));
            page.push_str("</span>");
            copied_to = end;
            open.pop();
        }
        page.push_str(&escape(&text[copied_to..mention.bytes.start()]));
        let sure =
            set.confidence(mention.bytes).map_or(String::new(), |p| format!(" (probability {:.2})", p.get()));
        let _ =
            write!(page, "<span class=\"m c{k}\" data-c=\"{k}\" title=\"{k}: {}{sure}\">", escape(&names[k]));
        copied_to = mention.bytes.start();
        open.push(mention.bytes.end());
    }
    while let Some(end) = open.pop() {
        page.push_str(&escape(&text[copied_to..end]));
        page.push_str("</span>");
        copied_to = end;
    }
    page.push_str(&escape(&text[copied_to..]));
}

/// One colour per cluster: hues spread by the golden angle, and lightness alternating between odd and
/// even ids, so clusters whose hues come close still differ.
fn colour_rules(clusters: usize) -> String {
    (0..clusters).fold(String::new(), |mut rules, k| {
        let lightness = if k % 2 == 0 { 90 } else { 80 };
        let _ = writeln!(rules, ".c{k}{{--h:{:.0};--l:{lightness}%}}", (k as f64 * 137.508) % 360.0);
        rules
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:16px/1.9 Georgia,'DejaVu Serif',serif;margin:0;color:#1d1d1f;background:#fafaf7}
header{padding:12px 28px;border-bottom:1px solid #ddd;background:#fff}
h1{font:600 20px/1.3 system-ui,sans-serif;margin:0 0 4px}
header p{font:13px system-ui,sans-serif;color:#555;margin:0}
.page{display:flex;gap:24px;padding:20px 28px;align-items:flex-start}
.doc{flex:1;white-space:pre-wrap;max-width:760px;background:#fff;padding:18px 22px;border:1px solid #e4e4e0;border-radius:6px}
.m{background:hsl(var(--h) 85% var(--l) / .75);border-bottom:2px solid hsl(var(--h) 65% 42%);border-radius:3px;
padding:1px 0;box-decoration-break:clone;-webkit-box-decoration-break:clone;cursor:help}
.m::after{content:attr(data-c);font:600 9px system-ui,sans-serif;vertical-align:sub;color:hsl(var(--h) 65% 32%);margin-left:1px}
.m .m{padding:0}
.hl{outline:2px solid hsl(var(--h) 70% 35%);background:hsl(var(--h) 90% 75%)}
.legend{width:300px;font:13px/1.5 system-ui,sans-serif;position:sticky;top:12px;background:#fff;
border:1px solid #e4e4e0;border-radius:6px;padding:10px 14px;max-height:85vh;overflow:auto}
.legend h2{font-size:14px;margin:0 0 6px}
.legend ol{list-style:none;margin:0;padding:0}
.legend li{padding:2px 4px;border-radius:3px;cursor:default}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:6px;
background:hsl(var(--h) 85% var(--l));border:1px solid hsl(var(--h) 65% 42%)}
.id{color:#888;font-size:11px;margin-right:2px}
.count{color:#888;font-size:11px}
";

const SCRIPT: &str = "<script>
document.addEventListener('mouseover', e => {
  const t = e.target.closest('[data-c]');
  document.querySelectorAll('.hl').forEach(x => x.classList.remove('hl'));
  if (t) document.querySelectorAll('.m.c' + t.dataset.c + ', li.c' + t.dataset.c).forEach(x => x.classList.add('hl'));
});
</script>
";

#[cfg(test)]
mod tests {
    use super::*;
    use corefer::records::{ClustersRecord, MentionRecord};
    use corefer::rewrite::{rewrite, Options};
    use corefer::Offsets;

    fn page(text: &str, clusters: &[&[(usize, usize)]]) -> String {
        let mention = |&(s, e): &(usize, usize)| MentionRecord {
            offsets: Offsets { start: s, end: e, start_byte: s, end_byte: e },
            text: text[s..e].to_string(),
        };
        let record = ClustersRecord {
            id: "t".into(),
            clusters: clusters.iter().map(|c| c.iter().map(mention).collect()).collect(),
        };
        let set = record.mention_set(text).unwrap();
        render("t", &set, &rewrite(&set, &Options::default()).representatives)
    }

    #[test]
    fn nested_mentions_become_nested_spans_with_the_name_on_hover() {
        let html = page("Kim & her dog ran; it <barked>.", &[&[(0, 3), (6, 9)], &[(6, 13), (19, 21)]]);
        assert!(html.contains(
            "<span class=\"m c0\" data-c=\"0\" title=\"0: Kim\">Kim</span> &amp; \
             <span class=\"m c1\" data-c=\"1\" title=\"1: her dog\"><span class=\"m c0\" data-c=\"0\" \
             title=\"0: Kim\">her</span> dog</span> ran; <span class=\"m c1\" data-c=\"1\" title=\"1: her dog\">\
             it</span> &lt;barked&gt;."
        ));
        assert_eq!(html.matches("<span class=\"m ").count(), 4);
    }

    #[test]
    fn legend_lists_each_cluster_with_its_own_colour() {
        let html = page("Kim saw Lee; he waved.", &[&[(0, 3)], &[(8, 11), (13, 15)]]);
        assert!(html.contains("<li class=\"c1\" data-c=\"1\"><span class=\"swatch\"></span><span class=\"id\">1</span> Lee <span class=\"count\">2 mentions</span></li>"));
        assert!(html.contains(".c0{--h:0;--l:90%}") && html.contains(".c1{--h:138;--l:80%}"));
    }

    #[test]
    fn page_is_self_contained() {
        let html = page("He said “it’s <fine>”.", &[&[(0, 2)]]);
        assert!(html.contains("(no name: pronouns only)"));
        for external in ["http:", "https:", "src=", "<link", "@import", "url("] {
            assert!(!html.contains(external), "{external}");
        }
    }
}
