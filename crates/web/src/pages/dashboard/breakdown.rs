//! The breakdown tables (by channel, touchpoint, team, agent, segment): several metrics per
//! group, each cell with its n and a link to its facts. The same table is the page's and the
//! CSV's, so an export holds every column, rounded as shown.

use std::collections::BTreeMap;

use analytics::{Dimension, Metric};

use super::group_names::GroupNames;
use super::period::Period;
use super::words::Words;
use super::{ask, drill_href};
use crate::error::ApiResult;
use crate::pages::figures;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// A column: its header, and the metric and figure it shows.
pub struct Column {
    pub header: Word,
    pub metric: Metric,
    pub figure: &'static str,
}

const CSAT: Column = Column {
    header: |w| w.csat,
    metric: Metric::Csat,
    figure: "csat",
};
const NPS: Column = Column {
    header: |w| w.nps,
    metric: Metric::Nps,
    figure: "nps",
};
const CES: Column = Column {
    header: |w| w.ces,
    metric: Metric::Ces,
    figure: "mean",
};
const TTR: Column = Column {
    header: |w| w.ttr_median,
    metric: Metric::Ttr,
    figure: "median_hours",
};
const FCR: Column = Column {
    header: |w| w.fcr,
    metric: Metric::Fcr,
    figure: "fcr",
};
const VOLUME: Column = Column {
    header: |w| w.volume,
    metric: Metric::Volume,
    figure: "volume",
};

/// A word of the dashboard, picked from either language's [`Words`].
pub type Word = fn(&Words) -> &'static str;

/// The tables: the dimension, its name, and its columns.
pub const TABLES: [(Dimension, Word, &[Column]); 5] = [
    (
        Dimension::Channel,
        |w| w.channel,
        &[CSAT, NPS, TTR, FCR, VOLUME],
    ),
    (Dimension::Touchpoint, |w| w.touchpoint, &[CSAT, NPS, CES]),
    (Dimension::Team, |w| w.team, &[TTR, FCR, VOLUME]),
    (Dimension::Agent, |w| w.agent, &[CSAT, TTR, VOLUME]),
    (Dimension::Segment, |w| w.segment, &[CSAT, NPS]),
];

/// One cell's figure, its n and the drill-down of its facts.
pub struct Cell {
    pub value: Option<f64>,
    pub n: u64,
    pub href: Option<String>,
}

pub struct Table {
    pub dimension: Dimension,
    pub name: &'static str,
    pub columns: &'static [Column],
    /// Per group label (`None`: no agent, no team), one cell per column (`None`: no facts).
    pub rows: Vec<(Option<String>, Vec<Option<Cell>>)>,
}

impl Table {
    /// A cell as the page shows it: `78,7 % (n=12)`; a count column only its count.
    pub fn shown(&self, lang: Lang, index: usize, cell: &Option<Cell>) -> String {
        let Some(cell) = cell else {
            return figures::shown(lang, "", None);
        };
        let figure = self.columns[index].figure;
        if figure == "volume" {
            return figures::shown(lang, figure, Some(cell.n as f64));
        }
        format!(
            "{} (n={})",
            figures::shown(lang, figure, cell.value),
            cell.n
        )
    }

    pub fn label<'a>(&'a self, w: &'static Words, label: &'a Option<String>) -> &'a str {
        label.as_deref().unwrap_or(w.no_group)
    }
}

/// The table of `dimension` over the period; `None` for a dimension without a table.
pub async fn table(
    state: &AppState,
    w: &'static Words,
    names: &GroupNames,
    dimension: Dimension,
    period: Period,
) -> ApiResult<Option<Table>> {
    let Some((_, name, columns)) = TABLES.iter().find(|(d, _, _)| *d == dimension) else {
        return Ok(None);
    };
    // By the label as shown, so agents are in order of name.
    let mut rows: BTreeMap<Option<String>, Vec<Option<Cell>>> = BTreeMap::new();
    for (index, column) in columns.iter().enumerate() {
        for row in ask(state, column.metric, &[dimension], period.bounds()).await? {
            let label = row.label(dimension).map(str::to_string);
            let shown = label.as_deref().map(|key| names.shown(dimension, key));
            let cells = rows
                .entry(shown)
                .or_insert_with(|| columns.iter().map(|_| None).collect());
            cells[index] = Some(Cell {
                value: row.figure(column.figure),
                n: row.n,
                href: label.map(|value| {
                    drill_href(
                        column.metric.as_str(),
                        period,
                        Some((dimension.as_str(), &value)),
                    )
                }),
            });
        }
    }
    // Labelled groups in order, then the one without a label.
    let mut rows: Vec<_> = rows.into_iter().collect();
    let unlabelled_first = rows.first().is_some_and(|(label, _)| label.is_none());
    rows.rotate_left(usize::from(unlabelled_first));
    Ok(Some(Table {
        dimension,
        name: name(w),
        columns,
        rows,
    }))
}

pub async fn all(
    state: &AppState,
    w: &'static Words,
    lang: Lang,
    period: Period,
) -> ApiResult<Vec<Table>> {
    let names = GroupNames::load(state, lang).await?;
    let mut tables = Vec::new();
    for (dimension, _, _) in &TABLES {
        tables.extend(table(state, w, &names, *dimension, period).await?);
    }
    Ok(tables)
}
