//! Calendar facts the grammar needs: the days a [`Term`] names in a given year, Gregorian
//! Easter, ISO weeks and the Danish school holidays. It does not read any text.

use jiff::ToSpan;
use jiff::civil::{Date, ISOWeekDate, Weekday};

/// A meteorological season or a half of the year named after one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Season {
    /// `foråret`: March to May.
    Spring,
    /// `sommeren`: June to August.
    Summer,
    /// `efteråret`: September to November.
    Autumn,
    /// `vinteren`: December of the year before to February.
    Winter,
    /// `vinterhalvåret`: October of the year before to March.
    WinterHalf,
    /// `sommerhalvåret`: April to September.
    SummerHalf,
}

/// A Danish holiday or school holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holiday {
    /// `sommerferien`: the school summer holiday, from the last Saturday of June for six
    /// weeks (folkeskoleloven § 14 a).
    Summer,
    /// `efterårsferien`: ISO week 42, the week most municipalities use.
    Autumn,
    /// `vinterferien`: ISO week 7, the week most municipalities use (some use week 8).
    Winter,
    /// `jul`: 24 to 26 December.
    Christmas,
    /// `juleferien`: from the Saturday on or before 21 December to the first Sunday after
    /// New Year's Day.
    ChristmasBreak,
    /// `nytår`, `årsskiftet`: 1 January of the year.
    NewYear,
    /// `påske`: Maundy Thursday to Easter Monday.
    Easter,
    /// `påskeferien`: the Saturday before Palm Sunday to Easter Monday.
    EasterBreak,
    /// `pinse`: Whit Sunday and Monday.
    Whitsun,
    /// `Kristi himmelfart`: Easter + 39 days.
    Ascension,
    /// `store bededag`: Easter + 26 days (abolished from 2024, still in older minutes).
    PrayerDay,
    /// `grundlovsdag`: 5 June.
    ConstitutionDay,
}

/// A third (or the last day) of a period: `primo`, `medio`, `ultimo`, `udgangen af`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Primo,
    Medio,
    Ultimo,
    LastDay,
}

/// What a term names, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Day {
        month: i8,
        day: i8,
    },
    Month(i8),
    Quarter(i8),
    Half(i8),
    /// An ISO week; the year is the ISO week-year.
    Week(i8),
    Year,
    Season(Season),
    Holiday(Holiday),
}

/// One period named in the text: `oktober`, `2. kvartal 2026`, `primo december`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Term {
    pub(super) anchor: Anchor,
    /// The year as written; `None` when the text leaves it to the meeting date.
    pub(super) year: Option<i16>,
    pub(super) part: Option<Part>,
    /// The words alone are too common to be a due without a preposition (`i 2024`, not
    /// `budget 2024`; `inden jul`, not a bare `jul`).
    pub(super) needs_prefix: bool,
}

impl Term {
    pub(super) fn new(anchor: Anchor, year: Option<i16>) -> Term {
        Term {
            anchor,
            year,
            part: None,
            needs_prefix: false,
        }
    }

    /// The first and last day the term names when its year is `year` (ignored when the
    /// term has its own).
    pub(super) fn span(self, year: i16) -> Option<(Date, Date)> {
        let (from, by) = anchor_span(self.anchor, self.year.unwrap_or(year))?;
        match self.part {
            None => Some((from, by)),
            Some(part) => part_of(part, self.anchor, from, by),
        }
    }

    pub(super) fn is_holiday(self) -> bool {
        matches!(self.anchor, Anchor::Holiday(_))
    }
}

fn anchor_span(anchor: Anchor, year: i16) -> Option<(Date, Date)> {
    match anchor {
        Anchor::Day { month, day } => {
            let date = Date::new(year, month, day).ok()?;
            Some((date, date))
        }
        Anchor::Month(month) => months(year, month, 1),
        Anchor::Quarter(quarter) => months(year, (quarter - 1) * 3 + 1, 3),
        Anchor::Half(half) => months(year, (half - 1) * 6 + 1, 6),
        Anchor::Week(week) => {
            let monday = ISOWeekDate::new(year, week, Weekday::Monday).ok()?.date();
            Some((monday, add_days(monday, 6)?))
        }
        Anchor::Year => months(year, 1, 12),
        Anchor::Season(season) => match season {
            Season::Spring => months(year, 3, 3),
            Season::Summer => months(year, 6, 3),
            Season::Autumn => months(year, 9, 3),
            Season::Winter => Some((
                Date::new(year - 1, 12, 1).ok()?,
                Date::new(year, 2, 1).ok()?.last_of_month(),
            )),
            Season::WinterHalf => Some((
                Date::new(year - 1, 10, 1).ok()?,
                Date::new(year, 3, 31).ok()?,
            )),
            Season::SummerHalf => months(year, 4, 6),
        },
        Anchor::Holiday(holiday) => holiday_span(holiday, year),
    }
}

/// `count` whole months starting with `first`.
fn months(year: i16, first: i8, count: i8) -> Option<(Date, Date)> {
    let from = Date::new(year, first, 1).ok()?;
    let by = Date::new(year, first + count - 1, 1).ok()?.last_of_month();
    Some((from, by))
}

pub(super) fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(days.days()).ok()
}

fn holiday_span(holiday: Holiday, year: i16) -> Option<(Date, Date)> {
    let day = |month, day| Date::new(year, month, day).ok();
    let easter_plus = |first: i64, last: i64| {
        let easter = easter(year)?;
        Some((add_days(easter, first)?, add_days(easter, last)?))
    };
    match holiday {
        Holiday::Summer => {
            let start = day(6, 1)?
                .nth_weekday_of_month(-1, Weekday::Saturday)
                .ok()?;
            // Six weeks: Saturday to the Sunday before school starts again.
            Some((start, add_days(start, 43)?))
        }
        Holiday::Autumn => anchor_span(Anchor::Week(42), year),
        Holiday::Winter => anchor_span(Anchor::Week(7), year),
        Holiday::Christmas => Some((day(12, 24)?, day(12, 26)?)),
        Holiday::ChristmasBreak => {
            let start = day(12, 22)?.nth_weekday(-1, Weekday::Saturday).ok()?;
            let end = Date::new(year + 1, 1, 1)
                .ok()?
                .nth_weekday(1, Weekday::Sunday)
                .ok()?;
            Some((start, end))
        }
        Holiday::NewYear => Some((day(1, 1)?, day(1, 1)?)),
        Holiday::Easter => easter_plus(-3, 1),
        Holiday::EasterBreak => easter_plus(-8, 1),
        Holiday::Whitsun => easter_plus(49, 50),
        Holiday::Ascension => easter_plus(39, 39),
        Holiday::PrayerDay => easter_plus(26, 26),
        Holiday::ConstitutionDay => Some((day(6, 5)?, day(6, 5)?)),
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm).
pub(super) fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// The days of `from..=by` that `part` selects. A month splits into days 1–10, 11–20 and
/// 21–end (the administrative reading of primo/medio/ultimo); a run of whole months whose
/// count divides by three splits by months (a year into Jan–Apr, May–Aug, Sep–Dec, as in
/// `i starten af 2024` → 2024-01-01..04-30); anything else into thirds of its days.
fn part_of(part: Part, anchor: Anchor, from: Date, by: Date) -> Option<(Date, Date)> {
    if part == Part::LastDay {
        return Some((by, by));
    }
    if matches!(anchor, Anchor::Day { .. }) {
        return Some((from, by));
    }
    let index = match part {
        Part::Primo => 0,
        Part::Medio => 1,
        _ => 2,
    };
    if let Anchor::Month(_) = anchor {
        let first = [1, 11, 21][index];
        let start = from.with().day(first).build().ok()?;
        let end = if index == 2 {
            by
        } else {
            from.with().day(first + 9).build().ok()?
        };
        return Some((start, end));
    }
    let whole_months = from.day() == 1 && by == by.last_of_month();
    let n_months = (i32::from(by.year()) - i32::from(from.year())) * 12 + i32::from(by.month())
        - i32::from(from.month())
        + 1;
    if whole_months && n_months % 3 == 0 {
        let step = i64::from(n_months / 3);
        let start = from.checked_add((step * index as i64).months()).ok()?;
        let end = if index == 2 {
            by
        } else {
            from.checked_add((step * (index as i64 + 1)).months())
                .ok()?
                .yesterday()
                .ok()?
        };
        return Some((start, end));
    }
    let n_days = i64::from(from.until(by).ok()?.get_days()) + 1;
    let third = (n_days / 3).max(1);
    let start = add_days(from, third * index as i64)?.min(by);
    let end = if index == 2 {
        by
    } else {
        add_days(from, third * (index as i64 + 1) - 1)?.min(by)
    };
    Some((start, end))
}
