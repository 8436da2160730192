//! A model of the genre: proceedings with a known structure (program units with their labels,
//! sub-headings, paragraphs, lists, a participants list), rendered to text the way PDF
//! extraction damages it, with each kind of damage chosen at random from a seed: pages with
//! running headers and footers in any case and page numbers in any form, page breaks inside
//! paragraphs, blank lines lost, line-end hyphens, numbered or unnumbered headings, participant
//! lists in several shapes. The import must recover the structure and keep the words.

/// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "network",
    "measurement",
    "participants",
    "discussed",
    "operators",
    "research",
    "software",
    "infrastructure",
    "community",
    "sustainability",
    "governance",
    "security",
    "privacy",
    "latency",
    "bandwidth",
    "deployment",
    "standards",
    "interoperability",
    "funding",
    "agencies",
    "universities",
    "training",
    "workflows",
    "reproducibility",
    "archives",
    "metadata",
    "datasets",
    "models",
    "evaluation",
    "benchmarks",
    "policy",
    "regulation",
    "markets",
    "incentives",
    "developers",
    "maintainers",
    "students",
    "careers",
    "recognition",
    "citation",
    "publishers",
    "libraries",
    "repositories",
    "platforms",
    "services",
    "providers",
    "resilience",
    "capacity",
    "traffic",
    "congestion",
    "routing",
    "protocols",
    "encryption",
    "identity",
    "trust",
];

const TITLE_WORDS: &[&str] = &[
    "Measuring",
    "Sustaining",
    "Governing",
    "Funding",
    "Training",
    "Securing",
    "Scaling",
    "Community",
    "Infrastructure",
    "Software",
    "Networks",
    "Data",
    "Careers",
    "Standards",
    "Incentives",
    "Metadata",
    "Latency",
    "Privacy",
    "Policy",
    "Archives",
];

const FIRST: &[&str] = &[
    "Ana P.", "José", "Zhang", "Mary", "Ana", "Ben", "Chen", "Dana", "Emeka", "Fatima", "Gustav",
    "Hana", "Ivan", "Jun", "Kofi", "Lena", "Marta", "Nikhil", "Olga", "Pedro", "Qiu", "Rosa",
    "Sven", "Tariq",
];
const LAST: &[&str] = &[
    "Ortiz",
    "Okafor",
    "Lindqvist",
    "Nakamura",
    "Haddad",
    "Kowalski",
    "Mensah",
    "Ferreira",
    "Novak",
    "Iyer",
    "van der Berg",
    "O'Neill",
    "Dubois",
    "Rahman",
    "Schmidt",
    "Tanaka",
    "Ñúñez",
    "Wei",
    "O'Neil",
    "de la Cruz",
];
const ORGS: &[&str] = &[
    "University of Utrecht",
    "MIT",
    "CERN",
    "Max Planck Institute",
    "IIJ",
    "Google",
    "National Science Foundation",
    "Universidad de Chile",
    "ETH Zürich",
    "Mozilla",
];

/// What a program unit is called.
pub const LABELS: &[&str] = &[
    "Session",
    "Panel",
    "Keynote",
    "Breakout",
    "Working Group",
    "Day",
];

#[derive(Debug, Clone)]
pub struct Unit {
    /// e.g. `Panel 2`
    pub label: String,
    pub title: String,
    pub subheadings: Vec<String>,
    /// Paragraphs before, and after each sub-heading.
    pub paragraphs: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub affiliation: String,
}

#[derive(Debug, Clone)]
pub struct Proceedings {
    pub title: String,
    pub units: Vec<Unit>,
    pub people: Vec<Person>,
    /// A two-column comparison: the column names and the rows.
    pub table: ([String; 2], Vec<[String; 2]>),
}

/// How many participant shapes `render` knows (see `render_people`).
pub const PEOPLE_SHAPES: usize = 10;
/// How many table shapes `render` knows (see `render_table`).
pub const TABLE_SHAPES: usize = 6;

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(12);
    let mut words: Vec<String> = (0..n).map(|_| rng.pick(WORDS).to_string()).collect();
    let mut first = words[0].chars();
    words[0] = first
        .next()
        .map(|c| c.to_uppercase().chain(first).collect())
        .unwrap_or_default();
    format!("{}.", words.join(" "))
}

fn paragraph(rng: &mut Rng) -> String {
    (0..2 + rng.below(4))
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn title(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| *rng.pick(TITLE_WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn proceedings(rng: &mut Rng) -> Proceedings {
    let label = *rng.pick(LABELS);
    let units = (0..3 + rng.below(4))
        .map(|i| {
            let subheadings: Vec<String> = (0..rng.below(3)).map(|_| title(rng)).collect();
            let paragraphs = (0..=subheadings.len())
                .map(|_| (0..1 + rng.below(3)).map(|_| paragraph(rng)).collect())
                .collect();
            Unit {
                label: format!("{label} {}", i + 1),
                title: title(rng),
                subheadings,
                paragraphs,
            }
        })
        .collect();
    let people = (0..4 + rng.below(6))
        .map(|_| Person {
            name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
            affiliation: rng.pick(ORGS).to_string(),
        })
        .collect();
    let cell = |rng: &mut Rng| {
        let n = 3 + rng.below(4);
        let mut words: Vec<String> = (0..n).map(|_| rng.pick(WORDS).to_string()).collect();
        words[0] = capitalised(&words[0]);
        words.join(" ")
    };
    // The cells of a row open alike, as the two sides of one assumption do ("Firms are …" /
    // "Firms compete …").
    let rows = (0..3 + rng.below(3))
        .map(|_| {
            let left = cell(rng);
            let first = left.split(' ').next().unwrap_or("").to_string();
            [left, format!("{first} {}", cell(rng).to_lowercase())]
        })
        .collect();
    let table = (
        [title(rng), format!("{} Approach", rng.pick(TITLE_WORDS))],
        rows,
    );
    Proceedings {
        title: format!("Report of the Workshop on {}", title(rng)),
        units,
        people,
        table,
    }
}

/// The damage chosen for one rendering.
#[derive(Debug, Clone)]
pub struct Damage {
    pub lines_per_page: usize,
    pub header: Option<String>,
    pub footer_style: usize,
    pub blank_lines: bool,
    pub numbered: bool,
    pub hyphenate: bool,
    pub people_shape: usize,
    pub table_shape: usize,
    pub width: usize,
}

pub fn damage(rng: &mut Rng, title: &str) -> Damage {
    let header = match rng.below(4) {
        0 => None,
        1 => Some(title.to_uppercase()),
        2 => Some(format!("Workshop Report{}{}", " ".repeat(20), "March 2019")),
        _ => Some(title.to_string()),
    };
    Damage {
        lines_per_page: 35 + rng.below(25),
        header,
        footer_style: rng.below(5),
        blank_lines: rng.chance(60),
        numbered: rng.chance(50),
        hyphenate: rng.chance(50),
        people_shape: rng.below(PEOPLE_SHAPES),
        table_shape: rng.below(TABLE_SHAPES),
        width: 64 + rng.below(16),
    }
}

fn footer(style: usize, page: usize, pages: usize) -> Option<String> {
    match style {
        0 => Some(format!("{page}")),
        1 => Some(format!("Page {page} of {pages}")),
        2 => Some(format!("- {page} -")),
        3 => Some(format!("Smith & Jones{}[Page {page}]", " ".repeat(30))),
        _ => None,
    }
}

/// Wraps `text` at `width`, breaking long words with a hyphen when `hyphenate`.
fn wrap(text: &str, width: usize, hyphenate: bool, rng: &mut Rng) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            let room = width.saturating_sub(line.len() + 2);
            if hyphenate && word.len() >= 9 && room >= 4 && rng.chance(50) {
                let cut = room.min(word.len() - 4);
                line.push(' ');
                line.push_str(&word[..cut]);
                line.push('-');
                lines.push(std::mem::take(&mut line));
                line.push_str(&word[cut..]);
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Renders `p` with damage `d`: returns the text and the furniture lines it contains.
pub fn render(p: &Proceedings, d: &Damage, rng: &mut Rng) -> (String, Vec<String>) {
    let mut body: Vec<String> = vec![p.title.clone(), String::new()];
    let gap = |body: &mut Vec<String>| {
        if d.blank_lines {
            body.push(String::new());
        }
    };
    let mut heading_no = 0;
    for unit in &p.units {
        heading_no += 1;
        let head = format!("{}: {}", unit.label, unit.title);
        body.push(if d.numbered {
            format!("{heading_no}.  {head}")
        } else {
            head
        });
        gap(&mut body);
        for (k, paras) in unit.paragraphs.iter().enumerate() {
            if k > 0 {
                let sub = &unit.subheadings[k - 1];
                body.push(if d.numbered {
                    format!("{heading_no}.{k}.  {sub}")
                } else {
                    sub.clone()
                });
                gap(&mut body);
            }
            for para in paras {
                body.extend(wrap(para, d.width, d.hyphenate, rng));
                gap(&mut body);
            }
        }
        body.push(String::new());
    }
    render_table(&p.table, d, &mut body);
    heading_no += 1;
    body.push(if d.numbered {
        format!("{heading_no}.  Participants")
    } else {
        "Participants".into()
    });
    gap(&mut body);
    body.extend(render_people(&p.people, d, rng));
    paginate(&body, d)
}

/// The table, after the last unit's text and a blank line: its header with the column names set
/// apart by a tab, a bar, spaces or "vs", then the cells column after column (two lists), row by
/// row (one list), or both cells of a row on one line.
fn render_table(table: &([String; 2], Vec<[String; 2]>), d: &Damage, body: &mut Vec<String>) {
    let ([a, b], rows) = table;
    let header = match d.table_shape {
        0 => format!("{a}\t{b}"),
        1 | 4 => format!("{a} | {b}"),
        2 => format!("{a}      {b}"),
        _ => format!("{a} vs {b}"),
    };
    body.push(String::new());
    body.push(header);
    match d.table_shape {
        0 | 3 => {
            body.extend(rows.iter().map(|r| format!("- {}", r[0])));
            body.push(String::new());
            body.extend(rows.iter().map(|r| format!("- {}", r[1])));
        }
        1 | 5 => body.extend(
            rows.iter()
                .flat_map(|r| [format!("- {}", r[0]), format!("- {}", r[1])]),
        ),
        _ => body.extend(rows.iter().map(|r| format!("- {} | {}", r[0], r[1]))),
    }
    body.push(String::new());
}

/// The participants under their heading, in the shape `d.people_shape` names.
fn render_people(people: &[Person], d: &Damage, rng: &mut Rng) -> Vec<String> {
    let mut body = Vec::new();
    let line = |x: &Person| format!("{}, {}", x.name, x.affiliation);
    match d.people_shape {
        0 => body.extend(people.iter().map(line)),
        1 => body.extend(
            people
                .iter()
                .map(|x| format!("{} ({})", x.name, x.affiliation)),
        ),
        2 => body.extend(people.iter().map(|x| format!("o  {}", line(x)))),
        3 => body.extend(wrap(
            &people.iter().map(line).collect::<Vec<_>>().join("; "),
            d.width,
            false,
            rng,
        )),
        4 => body.extend(people.iter().map(|x| x.name.clone())),
        5 => body.extend(wrap(
            &format!(
                "Attendees were: {} and {}.",
                people[..people.len() - 1]
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                people[people.len() - 1].name
            ),
            d.width,
            false,
            rng,
        )),
        6 => {
            body.push(format!("Name{}Institution", " ".repeat(26)));
            body.extend(people.iter().map(|x| {
                let pad = 30usize.saturating_sub(x.name.chars().count()).max(3);
                format!("{}{}{}", x.name, " ".repeat(pad), x.affiliation)
            }));
        }
        7 => {
            for x in people {
                body.push(x.name.clone());
                body.push(x.affiliation.clone());
                body.push(format!(
                    "{}@example.org",
                    x.name
                        .split(' ')
                        .next_back()
                        .unwrap_or("x")
                        .to_lowercase()
                        .replace('\'', "")
                ));
                body.push(String::new());
            }
        }
        8 => body.extend(people.chunks(2).map(|pair| match pair {
            [a, b] => format!("{}, {}, {}; ", a.name, b.name, b.affiliation),
            [a] => format!("{}; ", line(a)),
            _ => unreachable!(),
        })),
        _ => body.extend(
            people
                .iter()
                .map(|x| format!("• {} – {}", x.name, x.affiliation)),
        ),
    }
    body
}

/// The people the import should find, with the affiliation the shape gives each (none for the
/// shapes that list names alone; a shared one for `Name, Name, Affiliation`).
pub fn expected_people(p: &Proceedings, d: &Damage) -> Vec<(String, Option<String>)> {
    p.people
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let aff = match d.people_shape {
                4 | 5 => None,
                8 if i % 2 == 0 && i + 1 < p.people.len() => {
                    Some(p.people[i + 1].affiliation.clone())
                }
                _ => Some(x.affiliation.clone()),
            };
            (x.name.clone(), aff)
        })
        .collect()
}

fn paginate(body: &[String], d: &Damage) -> (String, Vec<String>) {
    let pages = body.len().div_ceil(d.lines_per_page).max(1);
    let mut out = String::new();
    let mut furniture = Vec::new();
    for (i, chunk) in body.chunks(d.lines_per_page).enumerate() {
        let page = i + 1;
        if page > 1 {
            if let Some(h) = &d.header {
                out.push_str(h);
                out.push_str("\n\n");
                furniture.push(h.clone());
            }
        }
        for line in chunk {
            out.push_str(line);
            out.push('\n');
        }
        if let Some(f) = footer(d.footer_style, page, pages) {
            out.push('\n');
            out.push_str(&f);
            out.push_str("\n\x0c");
            furniture.push(f);
        }
    }
    (out, furniture)
}
