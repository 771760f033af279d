//! Fault points for the tests of interrupted builds. In a debug build, when
//! `SHIORI_KILL_AT` names a point the process reaches, it aborts there at
//! once — no destructor runs, as after `kill -9` — so a test can stop a build
//! exactly between two renames. Release builds have no fault points.

/// Aborts the process when `SHIORI_KILL_AT` is `point` (debug builds only).
#[inline]
pub(crate) fn point(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("SHIORI_KILL_AT").is_some_and(|at| at == point) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}
