//! The systemd unit in `deploy/` (issue 17) passes `systemd-analyze verify` without a
//! warning, with the binary this build made in place of `/usr/local/bin/referat`. Skipped,
//! with a note, where systemd's tools are not installed.

use std::path::Path;
use std::process::Command;

#[test]
fn the_systemd_unit_verifies_without_warnings() {
    let Ok(version) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!("note: systemd-analyze is not installed; skipping the unit's verification");
        return;
    };
    assert!(version.status.success());
    let unit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/referat.service");
    let text = std::fs::read_to_string(unit).unwrap();
    assert!(text.contains("ExecStart=/usr/local/bin/referat serve"));
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("referat.service");
    std::fs::write(
        &copy,
        text.replace("/usr/local/bin/referat", env!("CARGO_BIN_EXE_referat")),
    )
    .unwrap();
    let verified = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&verified.stderr);
    assert!(verified.status.success(), "{stderr}");
    assert_eq!(stderr, "", "systemd-analyze verify warns");
}
