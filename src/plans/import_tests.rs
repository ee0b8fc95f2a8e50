//! Unit tests of the plan importer: headers, sections, hours, dates and kinds as teachers'
//! files have them.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const YEAR: Option<(NaiveDate, NaiveDate)> =
    Some((NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 8, 31).unwrap()));

fn parse_csv(text: &str) -> Parsed {
    parse(&table::read(text.as_bytes()).unwrap(), YEAR).unwrap()
}

fn titles(p: &Parsed) -> Vec<(String, Vec<String>)> {
    p.sections.iter().map(|s| (s.title.clone(), s.topics.iter().map(|t| t.title.clone()).collect())).collect()
}

#[test]
fn header_names_are_recognised_in_any_spelling() {
    let cases = [
        ("№ п/п", Some(Column::Number)),
        ("№", Some(Column::Number)),
        ("Раздел", Some(Column::Section)),
        ("Тема урока", Some(Column::Topic)),
        ("ТЕМА", Some(Column::Topic)),
        ("Тема урока (раздел)", Some(Column::Topic)),
        ("  Кол-во   часов ", Some(Column::Hours)),
        ("Количество часов", Some(Column::Hours)),
        ("Часы", Some(Column::Hours)),
        ("Дата проведения", Some(Column::Date)),
        ("План. дата", Some(Column::Date)),
        ("Тип урока", Some(Column::Kind)),
        ("Д/з", Some(Column::Homework)),
        ("Домашнее задание", Some(Column::Homework)),
        ("Контроль", Some(Column::Control)),
        ("Контрольная работа", Some(Column::Control)),
        ("Факт. дата", None),
        ("Примечание", None),
        ("Календарно-тематическое планирование", None),
    ];
    for (header, expected) in cases {
        assert_eq!(column_of(header), expected, "{header}");
    }
}

#[test]
fn the_header_is_found_below_title_rows() {
    let p = parse_csv(
        "Календарно-тематическое планирование;;\nПредмет: математика, 5 класс;;\n;;\n\
         № п/п;Тема урока;Кол-во часов;Дата\n1;Натуральные числа;2;01.09\n2;Сложение;1;03.09.2026\n",
    );
    assert_eq!(titles(&p), vec![(String::new(), vec!["Натуральные числа".into(), "Сложение".into()])]);
    assert_eq!(p.hours(), 3);
    assert_eq!(p.rows[0].line, 5);
    assert_eq!(p.sections[0].topics[0].date, Some(d(2026, 9, 1)));
    let unknown = parse(&table::read("Фамилия;Имя\nИванов;Пётр\n".as_bytes()).unwrap(), YEAR);
    assert_eq!(unknown, Err(ImportError::NoTopicColumn));
}

#[test]
fn a_csv_title_with_a_comma_does_not_decide_the_separator() {
    let text = "КТП по математике, 5 класс\n\n№;Тема урока;Часы\n1;Счёт, сравнение;2\n";
    let cp1251 = encoding_rs::WINDOWS_1251.encode(text).0;
    let t = read_table(&cp1251).unwrap();
    assert_eq!(
        t.source,
        Source::Csv { encoding: table::Encoding::Windows1251, separator: b';' },
        "the encoding is the file's own"
    );
    let p = parse(&t, YEAR).unwrap();
    assert_eq!(titles(&p), vec![(String::new(), vec!["Счёт, сравнение".into()])]);
    assert_eq!((p.rows[0].line, p.hours()), (4, 2));
    let plain = read_table("Тема,Часы\nСчёт,1\n".as_bytes()).unwrap();
    assert_eq!(plain.source, Source::Csv { encoding: table::Encoding::Utf8, separator: b',' });
}

#[test]
fn hours_are_whole_numbers_from_1_to_40() {
    let t = |s: &str| parse_hours(&Cell::Text(s.into()));
    assert_eq!(t("2"), Ok(Some(2)));
    assert_eq!(t("2 ч"), Ok(Some(2)));
    assert_eq!(t("2ч."), Ok(Some(2)));
    assert_eq!(t("3 часа"), Ok(Some(3)));
    assert_eq!(t("2,0"), Ok(Some(2)));
    assert_eq!(t(" "), Ok(None));
    assert_eq!(parse_hours(&Cell::Empty), Ok(None));
    assert_eq!(parse_hours(&Cell::Number(40.0)), Ok(Some(40)));
    for bad in ["abc", "0", "41", "1.5", "-1", "два"] {
        assert_eq!(t(bad), Err(Unreadable), "{bad}");
    }
    assert_eq!(parse_hours(&Cell::Number(0.5)), Err(Unreadable));
}

#[test]
fn dates_are_read_in_the_ways_teachers_write_them() {
    let t = |s: &str| parse_date(&Cell::Text(s.into()), YEAR);
    assert_eq!(t("15.09.2026"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15.09.26"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15.09"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15.01"), Ok(Some(d(2027, 1, 15))), "spring dates fall in the year's second half");
    assert_eq!(t("2026-09-15"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15/09/2026"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15.09, 17.09"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15.09-17.09"), Ok(Some(d(2026, 9, 15))));
    assert_eq!(t("15.09.2026г."), Ok(Some(d(2026, 9, 15))));
    assert_eq!(parse_date(&Cell::Number(46280.0), YEAR), Ok(Some(d(2026, 9, 15))), "an Excel serial date");
    assert_eq!(parse_date(&Cell::Date(d(2026, 9, 15)), None), Ok(Some(d(2026, 9, 15))));
    assert_eq!(parse_date(&Cell::Empty, YEAR), Ok(None));
    for bad in ["32.09.2026", "неделя 1", "15.13", "1", "15.09.1800"] {
        assert_eq!(t(bad), Err(Unreadable), "{bad}");
    }
    assert_eq!(parse_date(&Cell::Text("15.09".into()), None), Err(Unreadable), "no year to complete it");
    assert_eq!(parse_date(&Cell::Number(3.0), YEAR), Err(Unreadable));
}

#[test]
fn lesson_types_read_back_from_their_names_and_abbreviations() {
    for k in LessonKind::ALL {
        assert_eq!(parse_kind(kind_name(k)), Ok(Some(k)), "{k:?}");
        assert_eq!(parse_kind(k.slug()), Ok(Some(k)));
    }
    assert_eq!(parse_kind("УОНМ"), Ok(Some(LessonKind::New)));
    assert_eq!(parse_kind("урок закрепления изученного"), Ok(Some(LessonKind::Practice)));
    assert_eq!(parse_kind("Изучение нового и первичное закрепление"), Ok(Some(LessonKind::New)));
    assert_eq!(parse_kind("Урок обобщения и систематизации знаний"), Ok(Some(LessonKind::Review)));
    assert_eq!(parse_kind("КУ"), Ok(Some(LessonKind::Combined)));
    assert_eq!(parse_kind(""), Ok(None));
    assert_eq!(parse_kind("сказочный"), Err(Unreadable));
}

#[test]
fn section_rows_open_sections_and_lose_their_hours() {
    let p = parse_csv(
        "№;Тема;Часы\n;Раздел 1. Натуральные числа (20 ч);\n1;Ряд натуральных чисел;2\n\
         2;Контрольная работа № 1;1\n;Дроби;\n3;Обыкновенные дроби;3\n4;Итоговое повторение;1\n;Итого;7\n;Всего часов: 7;\n",
    );
    assert_eq!(
        titles(&p),
        vec![
            (
                "Раздел 1. Натуральные числа".into(),
                vec!["Ряд натуральных чисел".into(), "Контрольная работа № 1".into()]
            ),
            ("Дроби".into(), vec!["Обыкновенные дроби".into(), "Итоговое повторение".into()]),
        ]
    );
    let work = &p.sections[0].topics[1];
    assert!(work.control);
    assert_eq!(work.kind, LessonKind::Control);
    assert!(!p.sections[0].topics[0].control);
    assert_eq!(p.rows.len(), 6, "the totals rows are skipped");
    assert!(!p.blocked());
    assert_eq!(section_title("Глава 2 (12 часов)"), "Глава 2");
    assert_eq!(section_title("Числа (повторение)"), "Числа (повторение)");
    assert!(looks_like_section("IV. Геометрия"));
    assert!(!looks_like_section("Главные члены предложения"));
}

#[test]
fn a_section_column_groups_consecutive_rows() {
    let p = parse_csv(
        "Раздел,Тема урока,Кол-во часов,Контроль,Д/з\nЧисла,Счёт,1,,п. 1\n,Сравнение,2,,\n\
         Дроби,Доли,1,,\nДроби,Проверочная по дробям,1,+,№ 5\n",
    );
    assert_eq!(
        titles(&p),
        vec![
            ("Числа".into(), vec!["Счёт".into(), "Сравнение".into()]),
            ("Дроби".into(), vec!["Доли".into(), "Проверочная по дробям".into()]),
        ]
    );
    assert!(p.sections[1].topics[1].control);
    assert_eq!(p.sections[0].topics[0].homework, "п. 1");
    assert_eq!(p.header.iter().filter(|(_, c)| c.is_some()).count(), 5);
}

#[test]
fn bad_rows_are_reported_with_their_line_and_block_the_import() {
    let p = parse_csv(
        "№;Тема урока;Часы;Дата;Тип урока\n1;Счёт;1;;\n2;;1;;\n3;Сравнение;abc;;\n\
         4;Доли;1;32.13.2026;\n5;Дроби;1;;сказочный\n",
    );
    let bad: Vec<(usize, Vec<&str>)> = p
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| (r.line, r.problems.iter().map(|p| p.key).collect()))
        .collect();
    assert_eq!(
        bad,
        vec![
            (3, vec!["plio-err-no-topic"]),
            (4, vec!["plio-err-hours"]),
            (5, vec!["plio-err-date"]),
            (6, vec!["plio-err-kind"]),
        ]
    );
    assert!(p.blocked());
    assert_eq!(p.topics(), 1);
}

#[test]
fn subheaders_and_column_numbers_under_the_header_are_skipped() {
    let p = parse_csv("№;Тема;Часы;Дата;\n;;;план;факт\n1;Счёт;1;02.09;\n");
    assert_eq!(p.topics(), 1);
    assert!(!p.blocked());
    let p = parse_csv("№;Тема;Часы\n1;2;3\n1;Счёт;1\n");
    assert_eq!(titles(&p), vec![(String::new(), vec!["Счёт".into()])]);
}

#[test]
fn hours_default_to_one_without_their_column() {
    let p = parse_csv("Тема урока;Дата\nСчёт;01.09.2026\nСравнение;\n");
    assert_eq!(p.topics(), 2);
    assert_eq!(p.hours(), 2);
}

#[test]
fn appending_continues_the_last_section() {
    let t = |title: &str| Topic {
        id: 0,
        title: title.into(),
        hours: 1,
        kind: LessonKind::Combined,
        control: false,
        homework: String::new(),
        materials: vec![],
        date: None,
    };
    let old = vec![Section { title: "Числа".into(), topics: vec![t("Счёт")] }];
    let new = vec![
        Section { title: String::new(), topics: vec![t("Сравнение")] },
        Section { title: "Дроби".into(), topics: vec![t("Доли")] },
    ];
    let out = apply_sections(&old, &new, Mode::Append);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].topics.len(), 2);
    assert_eq!(apply_sections(&old, &new, Mode::Replace), new);
}
