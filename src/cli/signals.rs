//! SIGINT and SIGTERM: stop between chunks, remove temporary files, exit 130.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a run may take to stop by itself after a signal (it checks between chunks)
/// before the handler removes the temporary files and exits.
const GRACE: Duration = Duration::from_secs(2);

/// Install the handler and return the flag it sets. On SIGINT or SIGTERM the run is asked
/// to stop after the current chunk (it then removes its temporary files as it unwinds and
/// the command exits 130); if it has not ended [`GRACE`] later (blocked reading a pipe,
/// say) or on a second signal, the handler removes every temporary output file of the
/// process itself and exits 130. Either way no partial output file is left.
pub fn on_interrupt() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let hard_exit = || -> ! {
        scour::io::remove_temp_files();
        report_interrupted();
        std::process::exit(130)
    };
    // Failing to install the handler (one is installed already) leaves the default action.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            hard_exit();
        }
        std::thread::sleep(GRACE);
        hard_exit();
    });
    cancel
}

/// The message for a run stopped by a signal (the caller exits 130).
pub fn report_interrupted() {
    eprintln!("scour: interrupted; no output file was completed");
}
