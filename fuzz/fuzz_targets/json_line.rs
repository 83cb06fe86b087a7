#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scour_fuzz::json_line(data));
