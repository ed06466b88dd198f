//! How numbers read on screen: clock times and kilometres for real-world scenarios, the file's own
//! units for benchmark (x/y) files.

/// `HH:MM` (with `+1d` past midnight) for seconds, or the plain number for planar problems.
pub fn clock(seconds: f64, planar: bool) -> String {
    if planar {
        return format!("{seconds:.0}");
    }
    let minutes = (seconds / 60.0).round() as i64;
    let (day, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let hm = format!("{:02}:{:02}", rest / 60, rest % 60);
    if day == 0 {
        hm
    } else {
        format!("{hm} +{day}d")
    }
}

/// A duration: `1 h 05 min` / `12 min`, or the plain number for planar problems.
pub fn duration(seconds: f64, planar: bool) -> String {
    if planar {
        return format!("{seconds:.0}");
    }
    let minutes = (seconds / 60.0).round() as i64;
    if minutes >= 60 {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

/// A distance: kilometres from metres, or the plain number for planar problems.
pub fn distance(value: f64, planar: bool) -> String {
    if planar {
        format!("{value:.1}")
    } else {
        format!("{:.1} km", value / 1000.0)
    }
}

pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}
