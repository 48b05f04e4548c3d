//! The File Information Block at the start of the `WordDocument` stream:
//! identity and version, the encryption flag, which table stream holds
//! the tables, the main text length, and where the piece table (`Clx`)
//! and the paragraph-property bin table (`PlcBtePapx`) are.

use xxgknb_core::AdapterError;

use crate::bytes::{corrupt, u16_at, u32_at};
use crate::FORMAT;

/// `wIdent` of every Word binary document.
const W_IDENT: u16 = 0xA5EC;
/// First `nFib` of Word 97 (earlier versions use another layout).
const NFIB_WORD97: u16 = 0x00C1;
/// Offset of `FibRgLw97.ccpText`.
const OFF_CCP_TEXT: usize = 64 + 12;
/// Offset of `cbRgFcLcb`, the number of fc/lcb pairs that follow.
const OFF_CB_RG_FC_LCB: usize = 152;
/// Offset of the first fc/lcb pair.
const OFF_FC_LCB: usize = 154;
/// Index of `fcPlcfBtePapx` among the pairs.
const IX_PLCF_BTE_PAPX: usize = 13;
/// Index of `fcClx` among the pairs.
const IX_CLX: usize = 33;
/// Index of `fcPlfLst` (list definitions) among the pairs.
const IX_PLF_LST: usize = 73;
/// Index of `fcPlfLfo` (list overrides) among the pairs.
const IX_PLF_LFO: usize = 74;

/// What the reader needs from the FIB.
#[derive(Debug, Clone)]
pub struct Fib {
    /// Name of the table stream (`1Table` or `0Table`).
    pub table_stream: &'static str,
    /// Number of characters of main document text.
    pub ccp_text: u32,
    /// Piece table location in the table stream.
    pub clx: (u32, u32),
    /// Paragraph-property bin table location in the table stream.
    pub plcf_bte_papx: (u32, u32),
    /// List definitions (`PlfLst`) in the table stream; (0, 0) if none.
    pub plf_lst: (u32, u32),
    /// List overrides (`PlfLfo`) in the table stream; (0, 0) if none.
    pub plf_lfo: (u32, u32),
}

/// Parse the FIB from the start of the `WordDocument` stream.
pub fn parse(word: &[u8]) -> Result<Fib, AdapterError> {
    let ident = u16_at(word, 0, "FIB wIdent")?;
    if ident != W_IDENT {
        return Err(corrupt(format!(
            "WordDocument stream does not start with a Word FIB (wIdent {ident:#06x}, expected 0xa5ec)"
        )));
    }
    let nfib = u16_at(word, 2, "FIB nFib")?;
    if nfib < NFIB_WORD97 {
        return Err(AdapterError::Unsupported {
            format: FORMAT,
            detail: format!(
                "Word 6.0/95 or older binary document (nFib {nfib:#06x}); only Word 97-2003 \
                 .doc files are read: save it as .docx or Word 97-2003 .doc"
            ),
        });
    }
    let flags = u16_at(word, 10, "FIB flags")?;
    if flags & 0x0100 != 0 {
        let how = if flags & 0x8000 != 0 {
            "XOR-obfuscated"
        } else {
            "encrypted"
        };
        return Err(AdapterError::Encrypted(format!(
            "password-protected Word 97-2003 document ({how}); remove the password in Word and \
             save it again"
        )));
    }
    let table_stream = if flags & 0x0200 != 0 {
        "1Table"
    } else {
        "0Table"
    };
    let ccp_text = u32_at(word, OFF_CCP_TEXT, "FIB ccpText")?;
    if ccp_text > i32::MAX as u32 {
        return Err(corrupt(format!("FIB ccpText {ccp_text} is negative")));
    }
    let pairs = usize::from(u16_at(word, OFF_CB_RG_FC_LCB, "FIB cbRgFcLcb")?);
    if pairs <= IX_CLX {
        return Err(corrupt(format!(
            "FIB has {pairs} fc/lcb pairs, too few for a Word 97 document"
        )));
    }
    let pair = |ix: usize, what: &str| -> Result<(u32, u32), AdapterError> {
        let off = OFF_FC_LCB + ix * 8;
        Ok((u32_at(word, off, what)?, u32_at(word, off + 4, what)?))
    };
    // the list tables are optional: a short FIB has none
    let optional = |ix: usize| {
        if pairs > ix {
            pair(ix, "FIB list table").unwrap_or((0, 0))
        } else {
            (0, 0)
        }
    };
    Ok(Fib {
        table_stream,
        ccp_text,
        clx: pair(IX_CLX, "FIB fcClx")?,
        plcf_bte_papx: pair(IX_PLCF_BTE_PAPX, "FIB fcPlcfBtePapx")?,
        plf_lst: optional(IX_PLF_LST),
        plf_lfo: optional(IX_PLF_LFO),
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fib(nfib: u16, flags: u16) -> Vec<u8> {
        let mut b = vec![0u8; 1024];
        b[0..2].copy_from_slice(&W_IDENT.to_le_bytes());
        b[2..4].copy_from_slice(&nfib.to_le_bytes());
        b[10..12].copy_from_slice(&flags.to_le_bytes());
        b[OFF_CB_RG_FC_LCB..OFF_CB_RG_FC_LCB + 2].copy_from_slice(&93u16.to_le_bytes());
        b
    }

    #[test]
    fn reads_flags_and_versions() {
        let f = parse(&fib(0xC1, 0x0200)).unwrap();
        assert_eq!(f.table_stream, "1Table");
        assert_eq!(parse(&fib(0xC1, 0)).unwrap().table_stream, "0Table");
        assert!(matches!(
            parse(&fib(0x65, 0)),
            Err(AdapterError::Unsupported { .. })
        ));
        assert!(matches!(
            parse(&fib(0xC1, 0x0100)),
            Err(AdapterError::Encrypted(_))
        ));
        assert!(matches!(parse(&[0xEC]), Err(AdapterError::Corrupt { .. })));
        assert!(matches!(
            parse(&[0u8; 200]),
            Err(AdapterError::Corrupt { .. })
        ));
    }
}
