#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scour_fuzz::repair(data));
