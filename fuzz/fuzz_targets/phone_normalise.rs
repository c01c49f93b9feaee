//! `content::phone::normalise`: any text is refused with a message or
//! becomes E.164 (`+`, 8 to 15 digits, no leading zero) with a digit-only
//! extension, and normalising the result again is the identity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warroom::content::phone;

fuzz_target!(|text: &str| {
    match phone::normalise(text) {
        Ok(p) => {
            let digits = p.e164.strip_prefix('+').expect("starts with +");
            assert!((8..=15).contains(&digits.len()), "{p:?}");
            assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{p:?}");
            assert!(!digits.starts_with('0'), "{p:?}");
            if let Some(ext) = &p.extension {
                assert!(!ext.is_empty() && ext.bytes().all(|b| b.is_ascii_digit()), "{p:?}");
            }
            assert_eq!(phone::normalise(&p.e164).map(|q| q.e164), Ok(p.e164.clone()));
        }
        Err(message) => assert!(!message.is_empty()),
    }
});
