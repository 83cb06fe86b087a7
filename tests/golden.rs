//! The golden fixtures, run through `scour check` exactly as a user would run it.
//! `SCOUR_BLESS=1 cargo test --test tests golden` rewrites the expectations.

#[test]
fn fixtures_match_their_expected_output() {
    let mut cmd = crate::common::scour();
    cmd.arg("check").arg(crate::common::fixtures());
    if std::env::var_os("SCOUR_BLESS").is_some() {
        cmd.arg("--bless");
    }
    let out = cmd.output().expect("scour runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "scour check failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
