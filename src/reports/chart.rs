//! Charts for reports: plain data (kept inside frozen report snapshots) rendered on the server as
//! inline SVG, no script. Colours come from classes in `assets/css/charts.css`, never from
//! `style=""` (the CSP forbids it); geometry uses SVG attributes.
//!
//! The SVG scales to its container's width through its `viewBox`, so text scales with it:
//! charts.css raises the font on narrow screens to [`NARROW_FONT`], and labels that would then
//! collide are marked `ch-dense` and hidden there. Label spacing is estimated from character
//! counts, so the output depends on the data only.

use maud::{Markup, html};
use serde::{Deserialize, Serialize};

/// One named series of values over the chart's x labels; `None` is a gap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// One bar of [`Chart::Bars`]; `tone` is "m5", "m4", "m3", "m2", "na" or "" (the accent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub tone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Chart {
    /// One bar per category, e.g. the distribution of marks (5, 4, 3, 2, н/а).
    Bars { title: String, unit: String, bars: Vec<Bar> },
    /// Lines over x labels, e.g. a student's average by week against the class's.
    Lines { title: String, unit: String, x: Vec<String>, series: Vec<Series>, y_min: f64, y_max: f64 },
    /// Stacked bars over x labels, e.g. absences by week split by code (Б, УП, НП, ОТ).
    Stacked { title: String, unit: String, x: Vec<String>, series: Vec<Series> },
    /// Grouped bars over x labels, e.g. % качества and % успеваемости by class (0..=y_max).
    Grouped { title: String, unit: String, x: Vec<String>, series: Vec<Series>, y_max: f64 },
}

/// The viewBox: 16:9, wide enough for 35 weeks.
const W: f64 = 480.0;
const H: f64 = 270.0;
const PLOT_L: f64 = 40.0;
const PLOT_R: f64 = W - 8.0;
const PLOT_T: f64 = 18.0;
const PLOT_B: f64 = H - 26.0;
/// Font size in viewBox units, and the one charts.css sets on narrow screens.
const FONT: f64 = 12.0;
const NARROW_FONT: f64 = 15.0;
/// A generous average glyph width in em, so estimated labels never overlap.
const GLYPH: f64 = 0.62;
const PALETTE: usize = 6;
/// Category labels longer than this are shortened with "…" (the full text stays in the tooltip).
const MAX_LABEL: usize = 12;

/// The figure: caption, the SVG plot and, for series charts, an HTML legend (it wraps on phones).
pub fn render(chart: &Chart) -> Markup {
    let (title, unit, plot, empty, legend) = match chart {
        Chart::Bars { title, unit, bars } => {
            let empty = bars.iter().all(|b| num(b.value) == 0.0);
            (title, unit, if empty { empty_axis(0.0, 0.0) } else { bars_plot(bars) }, empty, None)
        }
        Chart::Lines { title, unit, x, series, y_min, y_max } => {
            let empty = values(series).next().is_none();
            let plot = if empty { empty_axis(*y_min, *y_max) } else { lines_plot(x, series, *y_min, *y_max) };
            (title, unit, plot, empty, Some((series, true)))
        }
        Chart::Stacked { title, unit, x, series } => {
            let empty = values(series).all(|v| v <= 0.0);
            (
                title,
                unit,
                if empty { empty_axis(0.0, 0.0) } else { stacked_plot(x, series) },
                empty,
                Some((series, false)),
            )
        }
        Chart::Grouped { title, unit, x, series, y_max } => {
            let empty = values(series).all(|v| v == 0.0);
            let plot = if empty { empty_axis(0.0, *y_max) } else { grouped_plot(x, series, *y_max) };
            (title, unit, plot, empty, Some((series, false)))
        }
    };
    html! {
        figure.chart.chart-empty[empty] {
            figcaption {
                (title)
                @if !unit.is_empty() { span.chart-unit { ", " (unit) } }
            }
            svg.chart-plot viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) font-size=(FONT) {
                (plot)
            }
            @if let Some((series, lines)) = legend.filter(|(s, _)| !s.is_empty() && !empty) {
                ul.chart-legend {
                    @for (i, s) in series.iter().enumerate() {
                        li {
                            svg.chart-key viewBox="0 0 24 12" width="24" height="12" aria-hidden="true" {
                                @if lines {
                                    line class=(format!("ch-line {}", sc(i))) x1="0" y1="6" x2="24" y2="6" {}
                                    circle class=(format!("ch-pt {}", sc(i))) cx="12" cy="6" r="3" {}
                                } @else {
                                    rect class=(format!("ch-bar {}", sc(i))) x="2" y="1" width="20" height="10" {}
                                }
                            }
                            (s.name)
                        }
                    }
                }
            }
        }
    }
}

/// Round gridline values covering `lo..=hi`: about five steps of 1, 2 or 5 times a power of ten.
pub fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() { (lo.min(hi), lo.max(hi)) } else { (0.0, 1.0) };
    let hi = if hi - lo < 1e-9 { lo + 1.0 } else { hi };
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = mag
        * match raw / mag {
            r if r <= 1.0 + 1e-9 => 1.0,
            r if r <= 2.0 + 1e-9 => 2.0,
            r if r <= 5.0 + 1e-9 => 5.0,
            _ => 10.0,
        };
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    // Rounded to 1e-9 so that 3 × 0.1 prints as 0,3.
    (first..=last).map(|k| ((k as f64 * step) * 1e9).round() / 1e9 + 0.0).collect()
}

/// «4,25», «4,5», «4»: up to two decimals with the Russian comma, integers without.
pub fn fmt_num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0 + 0.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.2}").trim_end_matches('0').replace('.', ",")
    }
}

/// A coordinate to a tenth of a unit, without "-0".
fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0 + 0.0
}

fn num(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

fn values(series: &[Series]) -> impl Iterator<Item = f64> + '_ {
    series.iter().flat_map(|s| s.values.iter().flatten().copied().filter(|v| v.is_finite()))
}

fn value_at(s: &Series, i: usize) -> Option<f64> {
    s.values.get(i).copied().flatten().filter(|v| v.is_finite())
}

/// The palette class of series `i`.
fn sc(i: usize) -> String {
    format!("s{}", i % PALETTE)
}

fn tone_class(tone: &str) -> &'static str {
    match tone {
        "m5" => "m5",
        "m4" => "m4",
        "m3" => "m3",
        "m2" => "m2",
        "na" => "na",
        _ => "acc",
    }
}

fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * GLYPH * font
}

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_string()
    } else {
        label.chars().take(MAX_LABEL - 1).chain(['…']).collect()
    }
}

/// The value axis: from the first to the last tick, clamped, y growing downwards.
struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    fn new(ticks: &[f64]) -> Self {
        let lo = ticks.first().copied().unwrap_or(0.0);
        let hi = ticks.last().copied().unwrap_or(1.0);
        Scale { lo, hi: if hi > lo { hi } else { lo + 1.0 } }
    }

    fn y(&self, v: f64) -> f64 {
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        r1(PLOT_B - t * (PLOT_B - PLOT_T))
    }

    /// The top and the height of a bar from `a` to `b`.
    fn span(&self, a: f64, b: f64) -> (f64, f64) {
        let (ya, yb) = (self.y(a), self.y(b));
        (ya.min(yb), r1((ya - yb).abs()))
    }

    fn zero(&self) -> f64 {
        self.y(0.0f64.clamp(self.lo, self.hi))
    }
}

/// Equal slots along x, one per label; `n` is at least 1.
struct Slots {
    w: f64,
}

impl Slots {
    fn new(n: usize) -> Self {
        Slots { w: (PLOT_R - PLOT_L) / n.max(1) as f64 }
    }

    fn center(&self, i: usize) -> f64 {
        r1(PLOT_L + (i as f64 + 0.5) * self.w)
    }
}

/// Gridlines with their values, and the baseline at zero (or at the bottom).
fn axis(ticks: &[f64], scale: &Scale) -> Markup {
    let base = scale.zero();
    html! {
        @for t in ticks {
            @let y = scale.y(*t);
            line.ch-grid x1=(PLOT_L) x2=(PLOT_R) y1=(y) y2=(y) {}
            text.ch-tick x=(PLOT_L - 5.0) y=(r1(y + 4.0)) text-anchor="end" { (fmt_num(*t)) }
        }
        line.ch-axis x1=(PLOT_L) x2=(PLOT_R) y1=(base) y2=(base) {}
    }
}

fn empty_axis(lo: f64, hi: f64) -> Markup {
    let ticks = if hi > lo { nice_ticks(lo, hi) } else { vec![lo] };
    axis(&ticks, &Scale::new(&ticks))
}

/// Labels under the slots: every k-th when they would collide, more sparse on narrow screens.
fn x_labels(labels: &[String], slots: &Slots) -> Markup {
    let widest = labels.iter().map(|l| short(l).chars().count()).max().unwrap_or(0);
    let step = |font: f64| ((widest as f64 * GLYPH * font + 4.0) / slots.w).ceil().max(1.0) as usize;
    let wide = step(FONT);
    let narrow = step(NARROW_FONT).div_ceil(wide) * wide;
    html! {
        @for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % wide == 0) {
            text.ch-x.ch-dense[i % narrow != 0] x=(slots.center(i)) y=(H - 8.0) text-anchor="middle" {
                (short(label))
            }
        }
    }
}

/// A value over a bar (under it when negative), left out when it does not fit `room`.
fn value_label(x: f64, top: f64, height: f64, negative: bool, v: f64, room: f64) -> Markup {
    let text = fmt_num(v);
    let y = if negative { r1(top + height + FONT) } else { r1(top - 4.0) };
    html! {
        @if text_width(&text, FONT) <= room {
            text.ch-val.ch-dense[text_width(&text, NARROW_FONT) > room] x=(x) y=(y) text-anchor="middle" { (text) }
        }
    }
}

fn bars_plot(bars: &[Bar]) -> Markup {
    let lo = bars.iter().map(|b| num(b.value)).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| num(b.value)).fold(0.0, f64::max);
    let ticks = nice_ticks(lo, hi);
    let scale = Scale::new(&ticks);
    let slots = Slots::new(bars.len());
    let bw = r1((slots.w * 0.6).min(56.0));
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    html! {
        (axis(&ticks, &scale))
        @for (i, b) in bars.iter().enumerate() {
            @let v = num(b.value);
            @let (top, height) = scale.span(0.0, v);
            @let x = slots.center(i);
            rect class=(format!("ch-bar {}", tone_class(&b.tone))) x=(r1(x - bw / 2.0)) y=(top) width=(bw) height=(height) {
                title { (b.label) ": " (fmt_num(v)) }
            }
            (value_label(x, top, height, v < 0.0, v, slots.w - 2.0))
        }
        (x_labels(&labels, &slots))
    }
}

fn lines_plot(x: &[String], series: &[Series], y_min: f64, y_max: f64) -> Markup {
    let lo = values(series).fold(y_min, f64::min);
    let hi = values(series).fold(y_max, f64::max);
    let ticks = nice_ticks(lo, hi);
    let scale = Scale::new(&ticks);
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0).max(x.len());
    let slots = Slots::new(n);
    let point = |(i, v): &(usize, f64)| format!("{},{}", slots.center(*i), scale.y(*v));
    html! {
        (axis(&ticks, &scale))
        @for (j, s) in series.iter().enumerate() {
            @for run in runs(&s.values).iter().filter(|run| run.len() > 1) {
                polyline class=(format!("ch-line {}", sc(j))) fill="none" stroke="currentColor"
                    points=(run.iter().map(point).collect::<Vec<_>>().join(" ")) {}
            }
            @for (i, v) in runs(&s.values).concat() {
                circle class=(format!("ch-pt {}", sc(j))) cx=(slots.center(i)) cy=(scale.y(v)) r="3" {
                    title { (s.name) ", " (x.get(i).map_or("", String::as_str)) ": " (fmt_num(v)) }
                }
            }
        }
        (x_labels(x, &slots))
    }
}

/// The runs of consecutive values with their indexes: a gap (`None`) ends a run.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = vec![];
    let mut open = false;
    for (i, v) in values.iter().enumerate() {
        match v.filter(|v| v.is_finite()) {
            Some(v) if open => runs.last_mut().expect("an open run").push((i, v)),
            Some(v) => runs.push(vec![(i, v)]),
            None => {}
        }
        open = v.is_some_and(f64::is_finite);
    }
    runs
}

fn stacked_plot(x: &[String], series: &[Series]) -> Markup {
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0).max(x.len());
    let total = |i: usize| series.iter().filter_map(|s| value_at(s, i)).filter(|v| *v > 0.0).sum::<f64>();
    let ticks = nice_ticks(0.0, (0..n).map(total).fold(0.0, f64::max));
    let scale = Scale::new(&ticks);
    let slots = Slots::new(n);
    let bw = r1((slots.w * 0.6).min(56.0));
    // Each segment ends where the running sum is, so the heights add up to the total's.
    let columns: Vec<(f64, Vec<(usize, f64, f64)>)> = (0..n)
        .map(|i| {
            let (mut sum, mut bottom, mut segments) = (0.0, scale.y(0.0), vec![]);
            for (j, s) in series.iter().enumerate() {
                if let Some(v) = value_at(s, i).filter(|v| *v > 0.0) {
                    sum += v;
                    let top = scale.y(sum);
                    segments.push((j, top, r1(bottom - top)));
                    bottom = top;
                }
            }
            (sum, segments)
        })
        .collect();
    html! {
        (axis(&ticks, &scale))
        @for (i, (sum, segments)) in columns.iter().enumerate() {
            @let x0 = r1(slots.center(i) - bw / 2.0);
            @for &(j, top, height) in segments {
                rect class=(format!("ch-bar {}", sc(j))) x=(x0) y=(top) width=(bw) height=(height) {
                    title {
                        (x.get(i).map_or("", String::as_str)) ", " (series[j].name) ": "
                        (fmt_num(value_at(&series[j], i).unwrap_or(0.0)))
                    }
                }
            }
            @if let Some(&(_, top, _)) = segments.last() {
                (value_label(slots.center(i), top, 0.0, false, *sum, slots.w - 2.0))
            }
        }
        (x_labels(x, &slots))
    }
}

fn grouped_plot(x: &[String], series: &[Series], y_max: f64) -> Markup {
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0).max(x.len());
    let lo = values(series).fold(0.0, f64::min);
    let ticks = nice_ticks(lo, values(series).fold(y_max, f64::max));
    let scale = Scale::new(&ticks);
    let slots = Slots::new(n);
    let group = slots.w * 0.8;
    let bw = group / series.len().max(1) as f64;
    html! {
        (axis(&ticks, &scale))
        @for i in 0..n {
            @for (j, s) in series.iter().enumerate() {
                @if let Some(v) = value_at(s, i) {
                    @let (top, height) = scale.span(0.0, v);
                    @let left = slots.center(i) - group / 2.0 + j as f64 * bw;
                    rect class=(format!("ch-bar {}", sc(j))) x=(r1(left + 0.5)) y=(top) width=(r1(bw - 1.0)) height=(height) {
                        title { (x.get(i).map_or("", String::as_str)) ", " (s.name) ": " (fmt_num(v)) }
                    }
                    (value_label(r1(left + bw / 2.0), top, height, v < 0.0, v, bw + 2.0))
                }
            }
        }
        (x_labels(x, &slots))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, values: &[Option<f64>]) -> Series {
        Series { name: name.into(), values: values.to_vec() }
    }

    fn weeks(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("{i:02}.09")).collect()
    }

    /// The SVG plot, without the legend's keys.
    fn plot(html: &str) -> &str {
        let at = html.find("<svg class=\"chart-plot\"").unwrap();
        &html[at..at + html[at..].find("</svg>").unwrap()]
    }

    /// The numbers in every `attr="…"` of the elements whose markup starts with `start`.
    fn attrs(html: &str, start: &str, attr: &str) -> Vec<f64> {
        html.split(start)
            .skip(1)
            .map(|el| {
                let el = &el[..el.find('>').unwrap()];
                let at = el.find(&format!(" {attr}=\"")).unwrap() + attr.len() + 3;
                el[at..at + el[at..].find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn nice_ticks_are_round() {
        assert_eq!(nice_ticks(0.0, 4.25), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(nice_ticks(0.0, 100.0), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(nice_ticks(0.0, 7.0), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(nice_ticks(2.0, 5.0), vec![2.0, 3.0, 4.0, 5.0]);
        assert_eq!(nice_ticks(0.0, 0.3), vec![0.0, 0.1, 0.2, 0.3]);
        assert_eq!(nice_ticks(0.0, 0.0), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(-3.0, 7.0), vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(nice_ticks(f64::NAN, 1.0).len(), 6);
    }

    #[test]
    fn numbers_have_a_russian_comma() {
        assert_eq!(fmt_num(4.25), "4,25");
        assert_eq!(fmt_num(4.5), "4,5");
        assert_eq!(fmt_num(4.0), "4");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(83.333), "83,33");
    }

    #[test]
    fn bars_have_one_rect_and_one_value_each() {
        let bars =
            [("5", 12.0, "m5"), ("4", 4.25, "m4"), ("3", 3.0, "m3"), ("2", 0.0, "m2"), ("н/а", 1.0, "na")]
                .map(|(label, value, tone)| Bar { label: label.into(), value, tone: tone.into() });
        let chart = Chart::Bars { title: "Оценки".into(), unit: "чел.".into(), bars: bars.to_vec() };
        let html = render(&chart).into_string();
        assert_eq!(html.matches("<rect class=\"ch-bar ").count(), 5);
        for (tone, value) in [("m5", "12"), ("m4", "4,25"), ("m3", "3"), ("m2", "0"), ("na", "1")] {
            assert!(html.contains(&format!("<rect class=\"ch-bar {tone}\"")), "{tone}");
            assert!(html.contains(&format!("<text class=\"ch-val\" x")), "{value}");
            assert!(html.contains(&format!("text-anchor=\"middle\">{value}</text>")), "{value}");
        }
        assert!(html.contains("<figcaption>Оценки<span class=\"chart-unit\">, чел.</span></figcaption>"));
        assert!(html.contains("role=\"img\" aria-label=\"Оценки\""));
        assert!(!html.contains("style="));
        // The tallest bar reaches the top of the 0..15 scale at 12/15 of the plot.
        assert!(attrs(&html, "<rect class=\"ch-bar m5\"", "height").contains(&r1(0.8 * (PLOT_B - PLOT_T))));
    }

    #[test]
    fn lines_break_at_a_gap_and_keep_a_lone_point() {
        let s = series("Ученик", &[Some(4.0), Some(4.5), None, Some(3.0), Some(5.0), None, Some(4.0)]);
        let class = series("Класс", &[Some(4.1); 7]);
        let x = weeks(7);
        let chart = Chart::Lines {
            title: "Средний балл".into(),
            unit: String::new(),
            x,
            series: vec![s, class],
            y_min: 2.0,
            y_max: 5.0,
        };
        let html = render(&chart).into_string();
        assert_eq!(html.matches("<polyline class=\"ch-line s0\"").count(), 2);
        assert_eq!(html.matches("<polyline class=\"ch-line s1\"").count(), 1);
        assert_eq!(plot(&html).matches("<circle class=\"ch-pt s0\"").count(), 5);
        assert!(html.contains("<ul class=\"chart-legend\">"));
        assert!(html.contains("</svg>Ученик</li>"));
    }

    #[test]
    fn stacked_heights_sum_to_the_total() {
        let x = vec!["1".to_string(), "2".to_string()];
        let series = vec![
            series("Б", &[Some(2.0), Some(1.0)]),
            series("УП", &[Some(3.0), None]),
            series("НП", &[Some(1.5), Some(0.0)]),
        ];
        let html = render(&Chart::Stacked {
            title: "Пропуски".into(), unit: "уроков".into(), x, series
        })
        .into_string();
        // Column one holds 6,5 of 0..8, column two 1: three segments and one.
        let heights: Vec<f64> = ["s0", "s1", "s2"]
            .iter()
            .flat_map(|s| attrs(plot(&html), &format!("<rect class=\"ch-bar {s}\" x"), "height"))
            .collect();
        assert_eq!(heights.len(), 4);
        let scale = Scale::new(&[0.0, 8.0]);
        let column_one = heights[0] + heights[2] + heights[3];
        assert!((column_one - (PLOT_B - scale.y(6.5))).abs() < 1e-9, "{heights:?}");
        assert!((heights[1] - (PLOT_B - scale.y(1.0))).abs() < 1e-9, "{heights:?}");
        assert!((column_one - 6.5 * (PLOT_B - PLOT_T) / 8.0).abs() < 0.1);
        assert!(html.contains(">6,5</text>"));
    }

    #[test]
    fn grouped_bars_sit_side_by_side() {
        let x = vec!["5А".to_string(), "5Б".to_string()];
        let series =
            vec![series("Качество", &[Some(62.5), Some(70.0)]), series("Успеваемость", &[Some(100.0), None])];
        let html =
            render(&Chart::Grouped {
                title: "Классы".into(), unit: "%".into(), x, series, y_max: 100.0
            })
            .into_string();
        assert_eq!(plot(&html).matches("<rect class=\"ch-bar s0\" x").count(), 2);
        assert_eq!(plot(&html).matches("<rect class=\"ch-bar s1\" x").count(), 1);
        assert!(html.contains(">62,5</text>") && html.contains(">100</text>"));
    }

    #[test]
    fn many_weeks_show_every_kth_label() {
        let x = weeks(35);
        let s = series("Ученик", &vec![Some(4.0); 35]);
        let html = render(&Chart::Lines {
            title: "t".into(),
            unit: String::new(),
            x,
            series: vec![s],
            y_min: 2.0,
            y_max: 5.0,
        })
        .into_string();
        let shown = html.matches("<text class=\"ch-x").count();
        assert!((3..35).contains(&shown), "{shown}");
        let xs = attrs(&html, "<text class=\"ch-x", "x");
        let gap = xs.windows(2).map(|w| w[1] - w[0]).fold(f64::MAX, f64::min);
        assert!(gap >= text_width("01.09", FONT), "{gap}");
        assert!(html.contains("<text class=\"ch-x\" x") && html.contains("<text class=\"ch-x ch-dense\""));
    }

    #[test]
    fn empty_charts_render_an_axis_without_panicking() {
        let empty = [
            Chart::Bars { title: "a".into(), unit: String::new(), bars: vec![] },
            Chart::Bars {
                title: "b".into(),
                unit: String::new(),
                bars: vec![Bar { label: "5".into(), value: 0.0, tone: "m5".into() }],
            },
            Chart::Lines {
                title: "c".into(),
                unit: String::new(),
                x: weeks(3),
                series: vec![series("s", &[None; 3])],
                y_min: 2.0,
                y_max: 5.0,
            },
            Chart::Lines {
                title: "d".into(),
                unit: String::new(),
                x: vec![],
                series: vec![],
                y_min: 0.0,
                y_max: 0.0,
            },
            Chart::Stacked {
                title: "e".into(),
                unit: String::new(),
                x: weeks(2),
                series: vec![series("Б", &[Some(0.0), None])],
            },
            Chart::Grouped {
                title: "f".into(),
                unit: String::new(),
                x: vec![],
                series: vec![],
                y_max: 100.0,
            },
        ];
        for chart in &empty {
            let html = render(chart).into_string();
            assert!(html.starts_with("<figure class=\"chart chart-empty\"><figcaption>"), "{html}");
            assert!(html.contains("<line class=\"ch-axis\""), "{html}");
            assert!(
                !html.contains("<rect") && !html.contains("<polyline") && !html.contains("chart-legend"),
                "{html}"
            );
        }
    }

    #[test]
    fn text_is_escaped() {
        let evil = "<script>alert(1)</script>";
        let html = render(&Chart::Grouped {
            title: evil.into(),
            unit: evil.into(),
            x: vec![evil.into()],
            series: vec![series(evil, &[Some(1.0)])],
            y_max: 1.0,
        })
        .into_string();
        let bars = render(&Chart::Bars {
            title: "t".into(),
            unit: String::new(),
            bars: vec![Bar { label: evil.into(), value: 1.0, tone: "\"><script>".into() }],
        })
        .into_string();
        for html in [html, bars] {
            assert!(!html.contains("<script"), "{html}");
            assert!(html.contains("&lt;script&gt;"), "{html}");
        }
    }
}
#[cfg(test)]
mod sample_dump {
    use super::*;
    #[test]
    fn dump() {
        let s = |n: &str, v: Vec<Option<f64>>| Series { name: n.into(), values: v };
        let weeks: Vec<String> =
            (1..=35).map(|i| format!("{:02}.{:02}", i % 28 + 1, 9 + i / 4 % 4)).collect();
        let charts = vec![
            Chart::Bars {
                title: "Распределение оценок".into(),
                unit: "чел.".into(),
                bars: [
                    ("5", 12.0, "m5"),
                    ("4", 9.0, "m4"),
                    ("3", 4.0, "m3"),
                    ("2", 1.0, "m2"),
                    ("н/а", 2.0, "na"),
                    ("Всего учеников", 28.0, ""),
                ]
                .map(|(l, v, t)| Bar { label: l.into(), value: v, tone: t.into() })
                .to_vec(),
            },
            Chart::Lines {
                title: "Средний балл по неделям".into(),
                unit: String::new(),
                x: weeks.clone(),
                series: vec![
                    s(
                        "Иванов Иван",
                        (0..35)
                            .map(|i| if i % 9 == 4 { None } else { Some(3.0 + ((i * 7) % 10) as f64 / 5.0) })
                            .collect(),
                    ),
                    s("Класс", (0..35).map(|i| Some(3.6 + ((i * 3) % 7) as f64 / 10.0)).collect()),
                ],
                y_min: 2.0,
                y_max: 5.0,
            },
            Chart::Stacked {
                title: "Пропуски по неделям".into(),
                unit: "уроков".into(),
                x: weeks.clone(),
                series: ["Б", "УП", "НП", "ОТ"]
                    .iter()
                    .enumerate()
                    .map(|(j, n)| s(n, (0..35).map(|i| Some(((i * (j + 3)) % 5) as f64)).collect()))
                    .collect(),
            },
            Chart::Grouped {
                title: "Качество и успеваемость".into(),
                unit: "%".into(),
                x: ["5А", "5Б", "6А", "6Б", "7А", "7Б"].map(String::from).to_vec(),
                series: vec![
                    s(
                        "Качество",
                        vec![Some(62.5), Some(70.0), Some(45.83), Some(58.0), Some(33.3), Some(50.0)],
                    ),
                    s(
                        "Успеваемость",
                        vec![Some(100.0), Some(96.15), Some(92.0), None, Some(88.9), Some(100.0)],
                    ),
                ],
                y_max: 100.0,
            },
            Chart::Bars { title: "Пусто".into(), unit: String::new(), bars: vec![] },
        ];
        let css = std::fs::read_to_string("assets/app.css").unwrap()
            + &std::fs::read_to_string("assets/css/charts.css").unwrap_or_default();
        let body: String = charts.iter().map(|c| render(c).into_string()).collect();
        std::fs::write(
            "/tmp/charts.html",
            format!("<!doctype html><meta charset=utf-8><style>{css}</style><main>{body}</main>"),
        )
        .unwrap();
    }
}
