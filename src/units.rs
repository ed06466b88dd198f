//! How numbers read on screen: clock times and kilometres for real-world scenarios, the file's own
//! units for benchmark (x/y) files. Every clock time, duration and distance the app shows is
//! formatted here, so they read the same in every panel.

/// `HH:MM` (with `+1d` past midnight) for seconds, as the engine writes every clock time
/// ([`lastmile_solver::units::clock_hm`]), or the plain number for planar problems.
pub fn clock(seconds: f64, planar: bool) -> String {
    if planar {
        return format!("{seconds:.0}");
    }
    lastmile_solver::units::clock_hm(lastmile_solver::units::to_ticks(seconds))
}

/// A duration: `1 h 05 min` / `12 min`, as the engine writes them
/// ([`lastmile_solver::units::minutes`]), or the plain number for planar problems.
pub fn duration(seconds: f64, planar: bool) -> String {
    if planar {
        return format!("{seconds:.0}");
    }
    lastmile_solver::units::minutes(lastmile_solver::units::to_ticks(seconds))
}

/// A distance: kilometres from metres, or the plain number for planar problems.
pub fn distance(value: f64, planar: bool) -> String {
    if planar {
        format!("{value:.1}")
    } else {
        format!("{:.1} km", value / 1000.0)
    }
}

/// A distance given in kilometres (as the checkout's figures are), or the plain number for planar
/// problems (already in the file's units).
pub fn distance_km(km: f64, planar: bool) -> String {
    if planar {
        distance(km, true)
    } else {
        distance(km * 1000.0, false)
    }
}

/// Wall-clock time a computation took or has taken: `1.2 s`.
pub fn elapsed(ms: f64) -> String {
    format!("{:.1} s", ms / 1000.0)
}

/// An amount of money (or, for benchmark files, a cost counted in distance), two decimals, with
/// the scenario's currency when it names one.
pub fn money(amount: f64, currency: &str) -> String {
    if currency.is_empty() {
        format!("{amount:.2}")
    } else {
        format!("{amount:.2} {currency}")
    }
}

pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}
