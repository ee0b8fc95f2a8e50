//! Charts for reports: plain data, kept inside frozen report snapshots, drawn on the server as
//! inline SVG without script. Colours are classes of `assets/css/charts.css` (the CSP forbids
//! `style=""`), geometry is SVG attributes. The SVG scales with its container and its text with
//! it, so charts.css enlarges the text on phones to [`NARROW_FONT`] and hides the labels marked
//! `ch-dense`, which would then collide. Label widths are estimated from character counts.

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

/// A chart of a report as plain data (stored in snapshots); [`render`] draws it.
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

/// The viewBox (16:9) and the plot inside it.
const W: f64 = 480.0;
const H: f64 = 270.0;
const PLOT_L: f64 = 40.0;
const PLOT_R: f64 = W - 8.0;
const PLOT_T: f64 = 18.0;
const PLOT_B: f64 = H - 26.0;
/// Font sizes in viewBox units: everywhere, and on phones (charts.css).
const FONT: f64 = 12.0;
const NARROW_FONT: f64 = 15.0;
/// Generous glyph widths in em, of any text and of numbers, so estimated labels never overlap.
const GLYPH: f64 = 0.62;
const DIGIT: f64 = 0.6;
/// Category labels are cut with "…" to at most this; the full text stays in the tooltip.
const MAX_LABEL: usize = 12;

/// The figure: the caption, the SVG plot and, for series, an HTML legend (it wraps on phones).
/// Without data the plot is only the axis, and the figure is marked `chart-empty`.
pub fn render(chart: &Chart) -> Markup {
    let (title, unit, plot, empty, legend) = match chart {
        Chart::Bars { title, unit, bars } => {
            let empty = bars.iter().all(|b| num(b.value) == 0.0);
            (title, unit, if empty { Frame::new(0.0, 0.0, 0).axis() } else { bars_plot(bars) }, empty, None)
        }
        Chart::Lines { title, unit, x, series, y_min, y_max } => {
            let empty = values(series).next().is_none();
            let plot = if empty {
                Frame::new(*y_min, *y_max, 0).axis()
            } else {
                lines_plot(x, series, *y_min, *y_max)
            };
            (title, unit, plot, empty, Some((series, true)))
        }
        Chart::Stacked { title, unit, x, series } => {
            let empty = values(series).all(|v| v <= 0.0);
            let plot = if empty { Frame::new(0.0, 0.0, 0).axis() } else { stacked_plot(x, series) };
            (title, unit, plot, empty, Some((series, false)))
        }
        Chart::Grouped { title, unit, x, series, y_max } => {
            let empty = values(series).all(|v| v == 0.0);
            let plot =
                if empty { Frame::new(0.0, *y_max, 0).axis() } else { grouped_plot(x, series, *y_max) };
            (title, unit, plot, empty, Some((series, false)))
        }
    };
    html! {
        figure.chart.chart-empty[empty] {
            figcaption { (title) @if !unit.is_empty() { span.chart-unit { ", " (unit) } } }
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
                                    rect class=(format!("ch-bar {}", sc(i))) x="2" y="1" width="20"
                                        height="10" {}
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
    let step = mag * [1.0, 2.0, 5.0].into_iter().find(|m| raw / mag <= m + 1e-9).unwrap_or(10.0);
    let (first, last) = ((lo / step + 1e-9).floor() as i64, (hi / step - 1e-9).ceil() as i64);
    // Rounded so that 3 × 0.1 is 0.3.
    (first..=last).map(|k| ((k as f64 * step) * 1e9).round() / 1e9 + 0.0).collect()
}

/// «4,25», «4,5», «4»: up to two decimals with the Russian comma, integers without.
pub fn fmt_num(v: f64) -> String {
    fmt_dec(v, 2)
}

fn fmt_dec(v: f64, decimals: usize) -> String {
    let p = 10f64.powi(decimals as i32);
    let r = (v * p).round() / p + 0.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.decimals$}").trim_end_matches('0').replace('.', ",")
    }
}

/// A coordinate to a tenth of a unit, never "-0".
fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0 + 0.0
}

fn num(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

fn values(series: &[Series]) -> impl Iterator<Item = f64> + Clone + '_ {
    series.iter().flat_map(|s| s.values.iter().flatten().copied().filter(|v| v.is_finite()))
}

/// The range of `lo..=hi` and of the values.
fn bounds(series: &[Series], lo: f64, hi: f64) -> (f64, f64) {
    values(series).fold((lo, hi), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn value_at(s: &Series, i: usize) -> Option<f64> {
    s.values.get(i).copied().flatten().filter(|v| v.is_finite())
}

/// The x slots: one per label, or more when a series has more values.
fn columns(x: &[String], series: &[Series]) -> usize {
    series.iter().map(|s| s.values.len()).fold(x.len(), usize::max)
}

fn at(x: &[String], i: usize) -> &str {
    x.get(i).map_or("", String::as_str)
}

/// The palette class of series `i`: charts.css has s0..s5.
fn sc(i: usize) -> String {
    format!("s{}", i % 6)
}

/// The class of a bar's tone; anything unknown is the accent.
fn tone_class(tone: &str) -> &'static str {
    ["m5", "m4", "m3", "m2", "na"].into_iter().find(|t| *t == tone).unwrap_or("acc")
}

fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).chain(['…']).collect()
    }
}

/// The plot's coordinates: values from the first to the last tick (clamped) and `n` equal slots.
struct Frame {
    ticks: Vec<f64>,
    lo: f64,
    hi: f64,
    slot: f64,
}

impl Frame {
    fn new(lo: f64, hi: f64, n: usize) -> Self {
        let ticks = if hi > lo { nice_ticks(lo, hi) } else { vec![num(lo)] };
        let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
        Frame {
            ticks,
            lo,
            hi: if hi > lo { hi } else { lo + 1.0 },
            slot: (PLOT_R - PLOT_L) / n.max(1) as f64,
        }
    }

    fn y(&self, v: f64) -> f64 {
        r1(PLOT_B - ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0) * (PLOT_B - PLOT_T))
    }

    /// The top and the height of a bar from 0 to `v`.
    fn bar(&self, v: f64) -> (f64, f64) {
        let (y0, y) = (self.y(0.0), self.y(v));
        (y0.min(y), r1((y0 - y).abs()))
    }

    fn center(&self, i: usize) -> f64 {
        r1(PLOT_L + (i as f64 + 0.5) * self.slot)
    }

    /// Gridlines with their values, and the baseline at zero (or at the bottom).
    fn axis(&self) -> Markup {
        let base = self.y(0.0);
        html! {
            @for t in &self.ticks {
                @let y = self.y(*t);
                line.ch-grid x1=(PLOT_L) x2=(PLOT_R) y1=(y) y2=(y) {}
                text.ch-tick x=(PLOT_L - 5.0) y=(r1(y + 4.0)) text-anchor="end" { (fmt_num(*t)) }
            }
            line.ch-axis x1=(PLOT_L) x2=(PLOT_R) y1=(base) y2=(base) {}
        }
    }

    /// Labels under the slots: every k-th when they would collide, sparser on phones.
    /// Category labels (`cut`) are shortened to their slot first; weeks and dates never are.
    fn x_labels(&self, labels: &[String], cut: bool) -> Markup {
        let room = ((self.slot - 4.0) / (GLYPH * NARROW_FONT)) as usize;
        let max = if cut { room.clamp(4, MAX_LABEL) } else { usize::MAX };
        let widest = labels.iter().map(|l| l.chars().count().min(max)).max().unwrap_or(0) as f64;
        let step = |font: f64| ((widest * GLYPH * font + 4.0) / self.slot).ceil().max(1.0) as usize;
        let (wide, narrow) = (step(FONT), step(NARROW_FONT));
        let narrow = narrow.div_ceil(wide) * wide;
        html! {
            @for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % wide == 0) {
                text.ch-x.ch-dense[i % narrow != 0] x=(self.center(i)) y=(H - 8.0) text-anchor="middle" {
                    (short(label, max))
                }
            }
        }
    }
}

/// How values are written over bars `room` wide: with two decimals or, if they do not fit, one
/// (the tooltip keeps two); and whether they still fit on phones. All or none are shown, so a
/// missing number never reads as a missing bar.
fn fits(values: impl Iterator<Item = f64> + Clone, room: f64) -> (Option<usize>, bool) {
    let widest = |d| values.clone().map(|v| fmt_dec(v, d).chars().count()).max().unwrap_or(0) as f64 * DIGIT;
    let decimals = [2, 1].into_iter().find(|d| widest(*d) * FONT <= room);
    (decimals, decimals.is_some_and(|d| widest(d) * NARROW_FONT <= room))
}

/// A value over a bar (under it when negative).
fn value_label(
    x: f64,
    (top, height): (f64, f64),
    v: f64,
    (decimals, narrow): (Option<usize>, bool),
) -> Markup {
    let y = if v < 0.0 { r1(top + height + FONT) } else { r1(top - 4.0) };
    html! {
        @if let Some(d) = decimals {
            text.ch-val.ch-dense[!narrow] x=(x) y=(y) text-anchor="middle" { (fmt_dec(v, d)) }
        }
    }
}

fn bars_plot(bars: &[Bar]) -> Markup {
    let v = |b: &Bar| num(b.value);
    let (lo, hi) = bars.iter().map(v).fold((0.0, 0.0), |(lo, hi): (f64, f64), v| (lo.min(v), hi.max(v)));
    let f = Frame::new(lo, hi, bars.len());
    let bw = r1((f.slot * 0.6).min(56.0));
    let fit = fits(bars.iter().map(v), f.slot - 6.0);
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    html! {
        (f.axis())
        @for (i, b) in bars.iter().enumerate() {
            @let (top, height) = f.bar(v(b));
            rect class=(format!("ch-bar {}", tone_class(&b.tone))) x=(r1(f.center(i) - bw / 2.0)) y=(top)
                width=(bw) height=(height) {
                title { (b.label) ": " (fmt_num(v(b))) }
            }
            (value_label(f.center(i), (top, height), v(b), fit))
        }
        (f.x_labels(&labels, true))
    }
}

fn lines_plot(x: &[String], series: &[Series], y_min: f64, y_max: f64) -> Markup {
    let (lo, hi) = bounds(series, y_min, y_max);
    let f = Frame::new(lo, hi, columns(x, series));
    let point = |(i, v): &(usize, f64)| format!("{},{}", f.center(*i), f.y(*v));
    html! {
        (f.axis())
        @for (j, s) in series.iter().enumerate() {
            @for run in runs(&s.values).iter().filter(|run| run.len() > 1) {
                polyline class=(format!("ch-line {}", sc(j))) fill="none" stroke="currentColor"
                    points=(run.iter().map(point).collect::<Vec<_>>().join(" ")) {}
            }
            @for (i, v) in runs(&s.values).concat() {
                circle class=(format!("ch-pt {}", sc(j))) cx=(f.center(i)) cy=(f.y(v)) r="3" {
                    title { (s.name) ", " (at(x, i)) ": " (fmt_num(v)) }
                }
            }
        }
        (f.x_labels(x, false))
    }
}

/// The runs of consecutive values with their indexes: a gap (`None`) ends a run.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = vec![];
    let mut open = false;
    for (i, v) in values.iter().enumerate() {
        let v = v.filter(|v| v.is_finite());
        match v {
            Some(v) if open => runs.last_mut().expect("an open run").push((i, v)),
            Some(v) => runs.push(vec![(i, v)]),
            None => {}
        }
        open = v.is_some();
    }
    runs
}

fn stacked_plot(x: &[String], series: &[Series]) -> Markup {
    let n = columns(x, series);
    let positive = |i: usize| {
        series
            .iter()
            .enumerate()
            .filter_map(move |(j, s)| value_at(s, i).filter(|v| *v > 0.0).map(|v| (j, s, v)))
    };
    let total = |i: usize| positive(i).map(|(_, _, v)| v).sum::<f64>();
    let f = Frame::new(0.0, (0..n).map(total).fold(0.0, f64::max), n);
    let bw = r1((f.slot * 0.6).min(56.0));
    let fit = fits((0..n).map(total), f.slot - 6.0);
    // Each segment ends at the running sum, so the heights add up to the total's.
    let segments = |i: usize| {
        positive(i).scan(0.0, |sum, (j, s, v)| {
            let bottom = f.y(*sum);
            *sum += v;
            Some((j, s, v, f.y(*sum), bottom))
        })
    };
    html! {
        (f.axis())
        @for i in 0..n {
            @for (j, s, v, top, bottom) in segments(i) {
                rect class=(format!("ch-bar {}", sc(j))) x=(r1(f.center(i) - bw / 2.0)) y=(top) width=(bw)
                    height=(r1(bottom - top)) {
                    title { (at(x, i)) ", " (s.name) ": " (fmt_num(v)) }
                }
            }
            @if total(i) > 0.0 { (value_label(f.center(i), (f.y(total(i)), 0.0), total(i), fit)) }
        }
        (f.x_labels(x, false))
    }
}

fn grouped_plot(x: &[String], series: &[Series], y_max: f64) -> Markup {
    let (lo, hi) = bounds(series, 0.0, y_max);
    let f = Frame::new(lo, hi, columns(x, series));
    let group = f.slot * 0.86;
    let bw = group / series.len().max(1) as f64;
    let fit = fits(values(series), bw - 1.0);
    html! {
        (f.axis())
        @for i in 0..columns(x, series) {
            @for (j, s) in series.iter().enumerate() {
                @if let Some(v) = value_at(s, i) {
                    @let (top, height) = f.bar(v);
                    @let left = f.center(i) - group / 2.0 + j as f64 * bw;
                    rect class=(format!("ch-bar {}", sc(j))) x=(r1(left + 0.5)) y=(top) width=(r1(bw - 1.0))
                        height=(height) {
                        title { (at(x, i)) ", " (s.name) ": " (fmt_num(v)) }
                    }
                    (value_label(r1(left + bw / 2.0), (top, height), v, fit))
                }
            }
        }
        (f.x_labels(x, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, values: &[Option<f64>]) -> Series {
        Series { name: name.into(), values: values.to_vec() }
    }

    fn labels(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("{i:02}.09")).collect()
    }

    fn bar(label: &str, value: f64, tone: &str) -> Bar {
        Bar { label: label.into(), value, tone: tone.into() }
    }

    fn bars(title: &str, bars: Vec<Bar>) -> Chart {
        Chart::Bars { title: title.into(), unit: "чел.".into(), bars }
    }

    fn lines(x: Vec<String>, series: Vec<Series>) -> Chart {
        Chart::Lines { title: "t".into(), unit: String::new(), x, series, y_min: 2.0, y_max: 5.0 }
    }

    fn stacked(x: Vec<String>, series: Vec<Series>) -> Chart {
        Chart::Stacked { title: "t".into(), unit: String::new(), x, series }
    }

    fn grouped(x: Vec<String>, series: Vec<Series>) -> Chart {
        Chart::Grouped { title: "t".into(), unit: "%".into(), x, series, y_max: 100.0 }
    }

    /// The SVG plot, without the legend's keys.
    fn plot(html: &str) -> &str {
        let at = html.find("<svg class=\"chart-plot\"").unwrap();
        &html[at..at + html[at..].find("</svg>").unwrap()]
    }

    /// The numbers in `attr="…"` of the elements whose markup starts with `start`.
    fn attrs(html: &str, start: &str, attr: &str) -> Vec<f64> {
        let attr = format!(" {attr}=\"");
        let value = |el: &str| el[el.find(&attr).unwrap() + attr.len()..].split('"').next().unwrap().parse();
        html.split(start).skip(1).map(|el| value(&el[..el.find('>').unwrap()]).unwrap()).collect()
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
        for (v, text) in [(4.25, "4,25"), (4.5, "4,5"), (4.0, "4"), (-0.001, "0"), (83.333, "83,33")] {
            assert_eq!(fmt_num(v), text);
        }
    }

    #[test]
    fn bars_have_one_rect_and_one_value_each() {
        let marks =
            vec![bar("5", 12.0, "m5"), bar("4", 4.25, "m4"), bar("3", 3.0, "m3"), bar("2", 0.0, "m2")];
        let html =
            render(&bars("Оценки", [marks, vec![bar("н/а", 1.0, "na"), bar("Всего", 20.0, "")]].concat()));
        let html = html.into_string();
        assert_eq!(html.matches("<rect class=\"ch-bar ").count(), 6);
        assert_eq!(html.matches("<text class=\"ch-val\"").count(), 6);
        for (tone, value) in
            [("m5", "12"), ("m4", "4,25"), ("m3", "3"), ("m2", "0"), ("na", "1"), ("acc", "20")]
        {
            assert!(html.contains(&format!("<rect class=\"ch-bar {tone}\"")), "{tone}");
            assert!(html.contains(&format!("text-anchor=\"middle\">{value}</text>")), "{value}");
        }
        assert!(html.contains("<figcaption>Оценки<span class=\"chart-unit\">, чел.</span></figcaption>"));
        assert!(html.contains("role=\"img\" aria-label=\"Оценки\""));
        assert!(!html.contains("style=") && !html.contains("chart-legend"));
        // 20 of a 0..20 scale is the whole plot, 12 three fifths of it.
        let heights = attrs(&html, "<rect class=\"ch-bar ", "height");
        assert_eq!((heights[0], heights[5]), (r1(0.6 * (PLOT_B - PLOT_T)), PLOT_B - PLOT_T));
    }

    #[test]
    fn lines_break_at_a_gap_and_keep_a_lone_point() {
        let pupil = series("Ученик", &[Some(4.0), Some(4.5), None, Some(3.0), Some(5.0), None, Some(4.0)]);
        let html = render(&lines(labels(7), vec![pupil, series("Класс", &[Some(4.1); 7])])).into_string();
        assert_eq!(plot(&html).matches("<polyline class=\"ch-line s0\"").count(), 2);
        assert_eq!(plot(&html).matches("<polyline class=\"ch-line s1\"").count(), 1);
        assert_eq!(plot(&html).matches("<circle class=\"ch-pt s0\"").count(), 5);
        assert!(html.contains("<ul class=\"chart-legend\">") && html.contains("</svg>Ученик</li>"));
    }

    #[test]
    fn stacked_heights_sum_to_the_total() {
        let codes = [("Б", Some(2.0)), ("УП", None), ("НП", Some(3.0)), ("ОТ", Some(1.5))];
        let html = render(&stacked(labels(1), codes.map(|(c, v)| series(c, &[v])).to_vec())).into_string();
        let heights = attrs(plot(&html), "<rect class=\"ch-bar ", "height");
        assert_eq!(heights.len(), 3);
        // 6,5 of a 0..8 scale: the segments add up to the total's height, rounding and all.
        let total = PLOT_B - Frame::new(0.0, 6.5, 1).y(6.5);
        assert!((heights.iter().sum::<f64>() - total).abs() < 1e-9, "{heights:?}");
        assert!((total - 6.5 / 8.0 * (PLOT_B - PLOT_T)).abs() < 0.1);
        assert!(html.contains(">6,5</text>"));
    }

    #[test]
    fn grouped_bars_skip_a_missing_value_and_round_to_fit() {
        let x = vec!["5А".to_string(), "5Б".to_string()];
        let html = render(&grouped(
            x,
            vec![series("К", &[Some(62.5), Some(70.0)]), series("У", &[Some(100.0), None])],
        ));
        let html = html.into_string();
        assert_eq!(plot(&html).matches("<rect class=\"ch-bar s0\"").count(), 2);
        assert_eq!(plot(&html).matches("<rect class=\"ch-bar s1\"").count(), 1);
        assert!(html.contains(">62,5</text>") && html.contains(">100</text>"));
        // Six classes leave room for one decimal only; the tooltip keeps two.
        let x: Vec<String> = (5..11).map(|n| format!("{n}А")).collect();
        let html = render(&grouped(x, vec![series("К", &[Some(83.333); 6]), series("У", &[Some(100.0); 6])]));
        let html = html.into_string();
        assert!(html.contains(">83,3</text>") && html.contains(": 83,33</title>"), "{html}");
    }

    #[test]
    fn many_weeks_show_every_kth_label_and_fewer_on_phones() {
        let html = render(&lines(labels(35), vec![series("Ученик", &[Some(4.0); 35])])).into_string();
        let xs = attrs(&html, "<text class=\"ch-x", "x");
        assert!((3..35).contains(&xs.len()), "{xs:?}");
        let gap = xs.windows(2).map(|w| w[1] - w[0]).fold(f64::MAX, f64::min);
        assert!(gap >= 5.0 * GLYPH * FONT, "{gap}");
        assert!(html.contains("<text class=\"ch-x\" x") && html.contains("<text class=\"ch-x ch-dense\""));
    }

    #[test]
    fn empty_charts_render_an_axis_without_panicking() {
        let empty = [
            bars("a", vec![]),
            bars("a", vec![bar("5", 0.0, "m5")]),
            lines(labels(2), vec![series("s", &[None, None])]),
            lines(vec![], vec![]),
            stacked(labels(2), vec![series("Б", &[Some(0.0), None])]),
            grouped(vec![], vec![]),
        ];
        for chart in &empty {
            let html = render(chart).into_string();
            assert!(html.starts_with("<figure class=\"chart chart-empty\"><figcaption>"), "{html}");
            assert!(html.contains("<line class=\"ch-axis\"") && !html.contains("legend"), "{html}");
            assert!(!html.contains("<rect") && !html.contains("<polyline"), "{html}");
        }
    }

    #[test]
    fn text_is_escaped() {
        let evil = "<script>alert(1)</script>";
        let chart = grouped(vec![evil.into()], vec![series(evil, &[Some(1.0)])]);
        for chart in [chart, bars(evil, vec![bar(evil, 1.0, "\"><script>")])] {
            let html = render(&chart).into_string();
            assert!(!html.contains("<script"), "{html}");
            assert!(html.contains("&lt;script&gt;"), "{html}");
        }
    }
}
