#![no_main]

// The body and its invariants live in the library, so the seed corpus replays on stable too.
libfuzzer_sys::fuzz_target!(|data: &[u8]| corefer::fuzzing::conllu(data));
