//! Reading one cell: numbers (with a decimal comma), clock times, durations, windows, skill
//! lists, yes/no and order types. Each reader returns a message for the planner when the cell is wrong.

use super::columns::Unit;
use crate::formats::scenario::time::{parse_date_time, parse_duration, parse_hms};
use crate::formats::scenario::{OrderType, MAX_TIME};

/// A window as read: its two ends, `None` for an open one.
pub(crate) type WindowRead = (Option<Stamp>, Option<Stamp>);

/// A clock time as written: seconds of the day, and the date when the cell had one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stamp {
    pub date: Option<jiff::civil::Date>,
    pub seconds: f64,
}

impl Stamp {
    /// Seconds since midnight of `day0` (the earliest date in the import).
    pub(crate) fn resolve(&self, day0: Option<jiff::civil::Date>) -> Result<f64, String> {
        let days = match (self.date, day0) {
            (Some(date), Some(first)) => first.until(date).map_err(|e| e.to_string())?.get_days(),
            _ => 0,
        };
        let seconds = f64::from(days) * 86_400.0 + self.seconds;
        if seconds > MAX_TIME {
            return Err(format!("lies more than {:.0} days after the first date of the import", MAX_TIME / 86_400.0));
        }
        Ok(seconds)
    }
}

/// A number; a decimal comma (`45,75`) and a trailing unit word (`12 kg`) are accepted.
pub(crate) fn number(cell: &str) -> Result<f64, String> {
    let text = cell.trim();
    let parsed = text.parse::<f64>().ok().or_else(|| {
        let digits = text.trim_end_matches(|c: char| c.is_alphabetic() || c == ' ' || c == '%');
        let digits = if digits.matches(',').count() == 1 && !digits.contains('.') {
            digits.replace(',', ".")
        } else {
            digits.to_string()
        };
        digits.trim().parse::<f64>().ok()
    });
    match parsed {
        Some(v) if v.is_finite() => Ok(v),
        Some(v) => Err(format!("{v} is not a usable number")),
        None => Err(format!("{text:?} is not a number")),
    }
}

/// A latitude or longitude in degrees; a trailing hemisphere letter (`45.7N`, `4.8 W`) gives
/// the sign.
pub(crate) fn degrees(cell: &str, limit: f64, what: &str) -> Result<f64, String> {
    let text = cell.trim();
    let (digits, sign) = match text.char_indices().last() {
        Some((k, 'N' | 'E' | 'n' | 'e')) => (&text[..k], 1.0),
        Some((k, 'S' | 'W' | 's' | 'w')) => (&text[..k], -1.0),
        _ => (text, 1.0),
    };
    let digits = digits.trim().trim_end_matches('°');
    let v = match digits.parse::<f64>() {
        Ok(v) => v,
        Err(_) if digits.matches(',').count() == 1 && !digits.contains('.') => {
            digits.replace(',', ".").parse::<f64>().map_err(|_| format!("{text:?} is not a number"))?
        }
        Err(_) => return Err(format!("{text:?} is not a number")),
    };
    if !v.is_finite() {
        return Err(format!("{v} is not a usable {what}"));
    }
    let v = v * sign;
    if !(-limit..=limit).contains(&v) {
        return Err(format!("{what} must be within -{limit}..{limit}, found {v}"));
    }
    Ok(v)
}

/// A number within `min..=max`.
pub(crate) fn number_in(cell: &str, min: f64, max: f64) -> Result<f64, String> {
    let v = number(cell)?;
    if v < min {
        Err(if min == 0.0 {
            format!("must not be negative, found {v}")
        } else {
            format!("must be at least {min}, found {v}")
        })
    } else if v > max {
        Err(format!("must be at most {max}, found {v}"))
    } else {
        Ok(v)
    }
}

/// A whole number within `min..=max`.
pub(crate) fn whole(cell: &str, min: u64, max: u64) -> Result<u64, String> {
    let v = number(cell)?;
    if v.fract() != 0.0 {
        return Err(format!("must be a whole number, found {v}"));
    }
    if v < min as f64 || v > max as f64 {
        return Err(format!("must be {min} to {max}, found {v}"));
    }
    Ok(v as u64)
}

/// A clock time: `HH:MM`, `HH:MM:SS`, `9:30 AM`, an ISO date-time (`2026-11-24T09:00`, or with
/// a space), or a number when the header names its unit (`start_minutes`: minutes after midnight).
pub(crate) fn clock(cell: &str, unit: Option<Unit>) -> Result<Stamp, String> {
    let text = cell.trim();
    let undated = |seconds: f64| Stamp { date: None, seconds };
    if let Some(seconds) = parse_hms(text) {
        return within_day_limit(undated(seconds));
    }
    if let Some(seconds) = twelve_hour(text) {
        return Ok(undated(seconds));
    }
    let iso = if text.len() > 10 && text.as_bytes().get(10) == Some(&b' ') {
        format!("{}T{}", &text[..10], &text[11..])
    } else {
        text.to_string()
    };
    if let Some((date, seconds)) = parse_date_time(&iso) {
        return Ok(Stamp { date: Some(date), seconds });
    }
    if let Ok(v) = text.parse::<f64>() {
        return match unit.filter(|u| u.is_time()) {
            Some(unit) if v.is_finite() && v >= 0.0 => within_day_limit(undated(v * unit.factor())),
            Some(_) => Err(format!("{text:?} is not a time of day")),
            None => {
                Err(format!("{text:?} is not a time: write HH:MM (or name the unit in the header, e.g. start_minutes)"))
            }
        };
    }
    Err(format!("{text:?} is not a time: use HH:MM, HH:MM:SS or 2026-11-24T09:00"))
}

fn within_day_limit(stamp: Stamp) -> Result<Stamp, String> {
    if stamp.seconds > MAX_TIME {
        Err(format!("{} h is too far ahead", stamp.seconds / 3600.0))
    } else {
        Ok(stamp)
    }
}

/// `9:30 AM`, `12pm`, `11:15 p.m.`.
fn twelve_hour(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase().replace('.', "");
    let (clock, pm) = if let Some(c) = lower.strip_suffix("am") {
        (c.trim(), false)
    } else {
        (lower.strip_suffix("pm")?.trim(), true)
    };
    let seconds = match clock.parse::<u32>() {
        Ok(h) => f64::from(h) * 3600.0,
        Err(_) => parse_hms(clock)?,
    };
    if !(3600.0..13.0 * 3600.0).contains(&seconds) {
        return None;
    }
    let seconds = if seconds >= 12.0 * 3600.0 { seconds - 12.0 * 3600.0 } else { seconds };
    Some(if pm { seconds + 12.0 * 3600.0 } else { seconds })
}

/// A duration in seconds: a number in the header's unit (`default` when it names none),
/// `HH:MM[:SS]`, or `1h30m`, `30m`, `90s`.
pub(crate) fn duration(cell: &str, unit: Option<Unit>, default: Unit) -> Result<f64, String> {
    let text = cell.trim();
    let seconds = match number(text) {
        Ok(v) => v * unit.filter(|u| u.is_time()).unwrap_or(default).factor(),
        Err(_) => parse_duration(text)
            .ok_or_else(|| format!("{text:?} is not a duration: use a number of minutes, HH:MM, or 1h30m, 30m, 90s"))?,
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(format!("must not be negative, found {text:?}"));
    }
    if seconds > MAX_TIME {
        return Err(format!("{text:?} is too long"));
    }
    Ok(seconds)
}

/// A distance in kilometres (the header's unit, kilometres when it names none).
pub(crate) fn kilometres(cell: &str, unit: Option<Unit>) -> Result<f64, String> {
    let factor = unit.filter(|u| !u.is_time()).unwrap_or(Unit::Kilometres).factor();
    Ok(number_in(cell, 0.0, f64::MAX)? * factor)
}

/// A window `09:00-11:00` (also `–`, `/`, ` to `, and whole hours: `8-12`); either end may be
/// empty (`-11:00`).
pub(crate) fn window(text: &str, unit: Option<Unit>) -> Result<WindowRead, String> {
    let text = text.trim();
    let end_of = |s: &str| -> Result<Option<Stamp>, String> {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else if unit.is_none() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) {
            // `8-12`: whole hours, 0 to 24.
            match s.parse::<u32>() {
                Ok(h) if h <= 24 => Ok(Some(Stamp { date: None, seconds: f64::from(h) * 3600.0 })),
                _ => Err(format!("{s:?} is not an hour of the day")),
            }
        } else {
            clock(s, unit).map(Some)
        }
    };
    // ISO dates contain '-': try every separator position until both sides read as times.
    let mut first_error = None;
    for (k, c) in text.char_indices() {
        let width = if matches!(c, '-' | '–' | '—' | '/') {
            c.len_utf8()
        } else if text[k..].starts_with(" to ") {
            4
        } else {
            continue;
        };
        match (end_of(&text[..k]), end_of(&text[k + width..])) {
            (Ok(start), Ok(end)) if start.is_some() || end.is_some() => return Ok((start, end)),
            (Err(e), _) | (_, Err(e)) => {
                first_error.get_or_insert(e);
            }
            _ => {}
        }
    }
    Err(first_error
        .map(|e| format!("{text:?}: {e}"))
        .unwrap_or_else(|| format!("{text:?} is not a window: write 09:00-11:00")))
}

/// Windows separated by `;`, `|`, `,` or line breaks: `09:00-11:00; 14:00-16:00`.
pub(crate) fn windows(cell: &str, unit: Option<Unit>) -> Result<Vec<WindowRead>, String> {
    cell.split([';', '|', ',', '\n']).map(str::trim).filter(|w| !w.is_empty()).map(|w| window(w, unit)).collect()
}

/// A priority: a whole number (the engine's weight for leaving the order out: higher matters
/// more; 0 counts as 1), or a word. Words map onto the 1–5 scale: `low` 1, `normal` 2, `high` 3,
/// `urgent` 4, `critical` 5, with OptimoRoute's letters (`L`, `M`, `H`, `C`) and the words of
/// German, French, Spanish, Italian, Dutch and Portuguese.
pub(crate) fn priority(cell: &str) -> Result<u32, String> {
    let text = cell.trim();
    if let Ok(v) = whole(text, 0, u64::from(u32::MAX)) {
        return Ok((v as u32).max(1));
    }
    let word = text.to_lowercase().replace(['-', '_', '.'], " ");
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    PRIORITY_WORDS
        .iter()
        .find(|(_, words)| words.contains(&word.as_str()))
        .map(|&(level, _)| level)
        .ok_or_else(|| format!("{text:?} is not a priority: use low, normal, high, urgent, critical or a number"))
}

/// Priority words per level (see [`priority`]).
pub(crate) const PRIORITY_WORDS: &[(u32, &[&str])] = &[
    (
        1,
        &[
            "low", "l", "lowest", "niedrig", "gering", "basse", "bas", "faible", "baja", "bajo", "bassa", "basso",
            "laag", "baixa", "baixo",
        ],
    ),
    (
        2,
        &[
            "normal",
            "n",
            "medium",
            "m",
            "mid",
            "standard",
            "default",
            "mittel",
            "normale",
            "moyenne",
            "moyen",
            "media",
            "medio",
            "normaal",
            "gemiddeld",
            "média",
            "médio",
        ],
    ),
    (3, &["high", "h", "hoch", "haute", "haut", "élevée", "elevee", "élevé", "eleve", "alta", "alto", "hoog"]),
    (4, &["urgent", "u", "asap", "express", "dringend", "eilig", "urgente", "spoed", "urgentissimo"]),
    (
        5,
        &[
            "critical", "c", "highest", "top", "kritisch", "critique", "crítica", "critica", "crítico", "critico",
            "kritiek",
        ],
    ),
];

/// Skill names separated by `|`, `;`, `,` or spaces.
pub(crate) fn skills(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in cell.split(['|', ';', ',', ' ', '\t', '\n', '\r']).filter(|s| !s.is_empty()) {
        if !out.iter().any(|s| s == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Which way an order's goods go: a word of [`ORDER_TYPE_WORDS`], whatever its case, spaces,
/// `-`, `_` and `.` (`Drop-off`, `Pick up`, `RETOURE`).
pub(crate) fn order_type(cell: &str) -> Result<OrderType, String> {
    let word = super::columns::normalise(cell.trim());
    ORDER_TYPE_WORDS
        .iter()
        .find(|(_, words)| words.contains(&word.as_str()))
        .map(|&(kind, _)| kind)
        .ok_or_else(|| format!("{:?} is not an order type: use delivery, pickup or return", cell.trim()))
}

/// Order type words (normalised) in English (with the words of common exports), then German,
/// French, Spanish, Italian, Dutch and Portuguese.
pub(crate) const ORDER_TYPE_WORDS: &[(OrderType, &[&str])] = &[
    (
        OrderType::Delivery,
        &[
            "delivery",
            "deliver",
            "deliveries",
            "drop",
            "dropoff",
            "lieferung",
            "zustellung",
            "auslieferung",
            "anlieferung",
            "livraison",
            "entrega",
            "reparto",
            "consegna",
            "levering",
            "bezorging",
            "aflevering",
        ],
    ),
    (
        OrderType::Pickup,
        &[
            "pickup",
            "pick",
            "collection",
            "collect",
            "abholung",
            "abholen",
            "enlèvement",
            "enlevement",
            "ramassage",
            "collecte",
            "recogida",
            "recolección",
            "recoleccion",
            "ritiro",
            "ophalen",
            "ophaling",
            "coleta",
            "recolha",
        ],
    ),
    (
        OrderType::Return,
        &[
            "return",
            "returns",
            "retoure",
            "rücksendung",
            "ruecksendung",
            "rückgabe",
            "retour",
            "devolución",
            "devolucion",
            "reso",
            "restituzione",
            "retourzending",
            "devolução",
            "devolucao",
        ],
    ),
];

/// Yes or no: `yes/no`, `true/false`, `1/0`, `y/n`, `x` (yes) and the French `oui/non`.
pub(crate) fn yes_no(cell: &str) -> Result<bool, String> {
    match cell.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "t" | "1" | "x" | "oui" | "ja" | "si" | "sí" => Ok(true),
        "no" | "n" | "false" | "f" | "0" | "non" | "nein" => Ok(false),
        other => Err(format!("{other:?} is not yes or no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_decimal_commas_and_units() {
        assert_eq!(number("45,75"), Ok(45.75));
        assert_eq!(number(" 12 kg"), Ok(12.0));
        assert!(number("NaN").is_err());
        assert!(number("1,234.5").is_err());
        assert!(number("abc").is_err());
        assert_eq!(whole("3", 1, 10), Ok(3));
        assert_eq!(degrees("4.8 W", 180.0, "longitude"), Ok(-4.8));
        assert_eq!(degrees("45,7N", 90.0, "latitude"), Ok(45.7));
        assert!(degrees("91", 90.0, "latitude").is_err());
        assert!(degrees("NaN", 90.0, "latitude").is_err());
        assert!(degrees("4.8 km", 180.0, "longitude").is_err());
        assert!(whole("3.5", 1, 10).is_err());
    }

    #[test]
    fn clock_times_in_every_common_shape() {
        let s = |t: &str| clock(t, None).map(|s| s.seconds);
        assert_eq!(s("09:30"), Ok(34_200.0));
        assert_eq!(s("9:30 PM"), Ok(77_400.0));
        assert_eq!(s("12am"), Ok(0.0));
        assert_eq!(s("2026-11-24 09:00"), Ok(32_400.0));
        assert!(clock("2026-11-24T09:00", None).unwrap().date.is_some());
        assert!(s("25:99").is_err());
        assert!(s("540").is_err(), "a bare number needs a unit in the header");
        assert_eq!(clock("540", Some(Unit::Minutes)).map(|s| s.seconds), Ok(32_400.0));
    }

    #[test]
    fn durations_default_to_the_given_unit() {
        assert_eq!(duration("5", None, Unit::Minutes), Ok(300.0));
        assert_eq!(duration("90", Some(Unit::Seconds), Unit::Minutes), Ok(90.0));
        assert_eq!(duration("1h30m", None, Unit::Minutes), Ok(5400.0));
        assert_eq!(duration("00:05", None, Unit::Minutes), Ok(300.0));
        assert!(duration("-5", None, Unit::Minutes).is_err());
    }

    #[test]
    fn windows_split_on_any_dash_even_between_dates() {
        let w = windows("09:00-11:00; 14:00 – 16:00", None).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].0.map(|s| s.seconds), Some(50_400.0));
        let (start, end) = window("2026-11-24T09:00-2026-11-24T11:00", None).unwrap();
        assert_eq!((start.unwrap().seconds, end.unwrap().seconds), (32_400.0, 39_600.0));
        assert_eq!(window("-11:00", None).unwrap().0, None);
        assert!(window("09:00-25:99", None).is_err());
        assert!(window("morning", None).is_err());
        assert_eq!(skills("cold|age_check cold"), vec!["cold", "age_check"]);
        let (start, end) = window("8-12", None).unwrap();
        assert_eq!((start.unwrap().seconds, end.unwrap().seconds), (28_800.0, 43_200.0));
        let both = windows("08:00–12:00, 14:00–16:00", None).unwrap();
        assert_eq!(both[1].1.map(|s| s.seconds), Some(57_600.0));
        assert!(window("8-25", None).is_err());
    }

    #[test]
    fn order_types_read_in_seven_languages_and_export_words() {
        for (word, kind) in [
            ("delivery", OrderType::Delivery),
            ("Drop-off", OrderType::Delivery),
            ("DROP", OrderType::Delivery),
            ("Lieferung", OrderType::Delivery),
            ("livraison", OrderType::Delivery),
            ("entrega", OrderType::Delivery),
            ("consegna", OrderType::Delivery),
            ("levering", OrderType::Delivery),
            ("Pick up", OrderType::Pickup),
            ("collection", OrderType::Pickup),
            ("Collect", OrderType::Pickup),
            ("Abholung", OrderType::Pickup),
            ("enlèvement", OrderType::Pickup),
            ("Enlèvement", OrderType::Pickup),
            ("recogida", OrderType::Pickup),
            ("ritiro", OrderType::Pickup),
            ("ophalen", OrderType::Pickup),
            ("coleta", OrderType::Pickup),
            ("return", OrderType::Return),
            ("Retoure", OrderType::Return),
            ("retour", OrderType::Return),
            ("devolución", OrderType::Return),
            ("reso", OrderType::Return),
            ("devolução", OrderType::Return),
        ] {
            assert_eq!(order_type(word), Ok(kind), "{word}");
        }
        let err = order_type(" express ").unwrap_err();
        assert_eq!(err, "\"express\" is not an order type: use delivery, pickup or return");
        // No word means two things.
        for (kind, words) in ORDER_TYPE_WORDS {
            for word in *words {
                let kinds: Vec<OrderType> =
                    ORDER_TYPE_WORDS.iter().filter(|(_, w)| w.contains(word)).map(|(k, _)| *k).collect();
                assert_eq!(kinds, vec![*kind], "{word}");
                assert_eq!(super::super::columns::normalise(word), *word, "{word} is listed normalised");
            }
        }
    }

    #[test]
    fn priorities_read_as_numbers_and_words_in_seven_languages() {
        assert_eq!(priority("0"), Ok(1));
        assert_eq!(priority("5"), Ok(5));
        assert_eq!(priority("12"), Ok(12));
        for (word, level) in [
            ("low", 1),
            ("Normal", 2),
            ("HIGH", 3),
            ("urgent", 4),
            ("Critical", 5),
            ("H", 3),
            ("hoch", 3),
            ("Dringend", 4),
            ("haute", 3),
            ("élevée", 3),
            ("baja", 1),
            ("alta", 3),
            ("urgente", 4),
            ("normale", 2),
            ("hoog", 3),
            ("laag", 1),
            ("média", 2),
            ("crítica", 5),
        ] {
            assert_eq!(priority(word), Ok(level), "{word}");
        }
        assert!(priority("soonish").is_err());
        assert!(priority("2.5").is_err());
        // No word is listed twice at different levels.
        for (level, words) in PRIORITY_WORDS {
            for word in *words {
                let levels: Vec<u32> =
                    PRIORITY_WORDS.iter().filter(|(_, w)| w.contains(word)).map(|(l, _)| *l).collect();
                assert_eq!(levels, vec![*level], "{word}");
            }
        }
    }
}
