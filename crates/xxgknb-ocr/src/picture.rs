//! Report pictures that are not PDF page images: the JPEG and PNG files
//! of a Word document's `word/media` or of a saved web page, decoded to
//! grey with pure-Rust code (`zune-jpeg`, `png`), and the test of whether
//! a picture is a page (or a table) worth reading.

use crate::pdfimage::{decode_jpeg, raw_to_gray};
use crate::raster::Gray;
use crate::{OcrError, Picture};

/// Smallest picture (decoded pixels) read as a page or a table: icons,
/// logos, seals and QR codes are smaller.
pub const MIN_PAGE_PIXELS: usize = 400 * 500;

/// Width of an A4 page in inches: a page picture with no displayed width
/// is taken to be as wide as the page.
pub const A4_WIDTH_IN: f64 = 8.27;

/// Most bytes the PNG decoder may allocate (a 600-dpi A3 RGBA page is
/// about 280 MB; larger is refused).
const MAX_PNG_BYTES: usize = 320 * 1024 * 1024;

/// The encodings [`decode`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JPEG (JFIF/Exif), by its `FF D8 FF` start.
    Jpeg,
    /// PNG, by its eight-byte signature.
    Png,
}

/// The encoding of picture bytes, by their first bytes (`None` for GIF,
/// BMP, EMF/WMF and everything else, which are not read).
pub fn sniff(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Encoding::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Encoding::Png)
    } else {
        None
    }
}

/// Decode a JPEG or PNG picture to grey.
pub fn decode(bytes: &[u8]) -> Result<Gray, OcrError> {
    match sniff(bytes) {
        Some(Encoding::Jpeg) => decode_jpeg(bytes),
        Some(Encoding::Png) => decode_png(bytes),
        None => Err(OcrError::Unsupported("picture neither JPEG nor PNG".into())),
    }
}

/// Decode a PNG (any colour type and bit depth; palette expanded, 16-bit
/// samples cut to 8, alpha dropped as if over white) to grey.
pub fn decode_png(bytes: &[u8]) -> Result<Gray, OcrError> {
    let bad = |e: png::DecodingError| OcrError::Image(format!("PNG image does not decode: {e}"));
    let mut decoder = png::Decoder::new_with_limits(
        std::io::Cursor::new(bytes),
        png::Limits {
            bytes: MAX_PNG_BYTES,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .filter(|&n| n <= MAX_PNG_BYTES)
        .ok_or_else(|| OcrError::Image("PNG image too large".into()))?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(bad)?;
    let (w, h) = (info.width as usize, info.height as usize);
    let data = buf.get(..info.buffer_size()).unwrap_or_default();
    let channels = info.color_type.samples();
    let opaque: Vec<u8>;
    let (samples, comps) = match channels {
        // grey + alpha, RGBA: composite over white, then drop the alpha
        2 | 4 => {
            opaque = over_white(data, channels);
            (opaque.as_slice(), channels - 1)
        }
        n => (data, n),
    };
    raw_to_gray(samples, w, h, 8, comps)
        .ok_or_else(|| OcrError::Image("PNG samples do not fill the image".into()))
}

/// Samples with an alpha channel last, composited over white, the alpha
/// dropped.
fn over_white(data: &[u8], channels: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / channels * (channels - 1));
    for px in data.chunks_exact(channels) {
        let (colour, alpha) = px.split_at(channels - 1);
        let a = u32::from(alpha.first().copied().unwrap_or(255));
        for &c in colour {
            out.push(((u32::from(c) * a + 255 * (255 - a)) / 255) as u8);
        }
    }
    out
}

/// Is the picture shaped like a page (height 1.2–1.6 times the width: A4
/// and Letter, with the margin a rotated scan adds)? A page picture stands
/// for a whole sheet of paper whatever width a document squeezes it into (a Word page picture sits between the
/// margins, 6.3 in instead of 8.27); a cut-out table is read at the width
/// it is shown.
fn is_page_shaped(image: &Gray) -> bool {
    let ratio = image.height as f64 / image.width.max(1) as f64;
    (1.2..=1.6).contains(&ratio)
}

/// Encoded pictures, in document order, as the pages to read: those that
/// decode and are at least [`MIN_PAGE_PIXELS`] large, numbered from
/// `first_page`, each with its resolution (from the width the document
/// shows it at, or the width of an A4 page for a page-shaped picture or
/// when no width is given), and the index of the encoded
/// picture it came from. Pictures that do not decode are left out and
/// counted in the second value.
pub fn pages(
    encoded: &[(Vec<u8>, Option<f64>)],
    first_page: u32,
) -> (Vec<(usize, Picture)>, usize) {
    let mut out = Vec::new();
    let mut undecoded = 0;
    for (index, (bytes, width_in)) in encoded.iter().enumerate() {
        let Ok(image) = decode(bytes) else {
            undecoded += usize::from(sniff(bytes).is_some());
            continue;
        };
        if image.width.saturating_mul(image.height) < MIN_PAGE_PIXELS {
            continue;
        }
        let inches = match width_in.filter(|w| *w > 1.0) {
            Some(w) if !is_page_shaped(&image) => w,
            _ => A4_WIDTH_IN,
        };
        let picture = Picture {
            page: first_page + out.len() as u32,
            dpi: image.width as f64 / inches,
            image,
        };
        out.push((index, picture));
    }
    (out, undecoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes(color: png::ColorType, depth: png::BitDepth, w: u32, data: &[u8]) -> Vec<u8> {
        png_sized(color, depth, w, 1, data)
    }

    fn png_sized(
        color: png::ColorType,
        depth: png::BitDepth,
        w: u32,
        h: u32,
        data: &[u8],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(color);
            enc.set_depth(depth);
            let mut writer = enc.write_header().unwrap();
            writer.write_image_data(data).unwrap();
        }
        out
    }

    #[test]
    fn pngs_of_every_colour_type_decode_to_grey() {
        let grey = png_bytes(
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            2,
            &[0, 255],
        );
        let g = decode(&grey).unwrap();
        assert_eq!((g.width, g.height, g.pixels), (2, 1, vec![0, 255]));
        let rgb = png_bytes(
            png::ColorType::Rgb,
            png::BitDepth::Eight,
            2,
            &[0, 0, 0, 255, 255, 255],
        );
        assert_eq!(decode(&rgb).unwrap().pixels, vec![0, 255]);
        // a transparent black pixel is white paper
        let rgba = png_bytes(
            png::ColorType::Rgba,
            png::BitDepth::Eight,
            2,
            &[0, 0, 0, 255, 0, 0, 0, 0],
        );
        assert_eq!(decode(&rgba).unwrap().pixels, vec![0, 255]);
        // 1-bit grey: 0b10 … → white, black
        let bits = png_bytes(
            png::ColorType::Grayscale,
            png::BitDepth::One,
            2,
            &[0b1000_0000],
        );
        assert_eq!(decode(&bits).unwrap().pixels, vec![255, 0]);
    }

    #[test]
    fn other_bytes_are_refused_not_panicked_on() {
        assert!(matches!(
            decode(b"GIF89a...."),
            Err(OcrError::Unsupported(_))
        ));
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert!(decode(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).is_err());
        let (pages, undecoded) = pages(&[(b"\x89PNG\r\n\x1a\nbad".to_vec(), None)], 1);
        assert!(pages.is_empty());
        assert_eq!(undecoded, 1);
    }

    #[test]
    fn small_pictures_are_not_pages_and_widths_give_the_resolution() {
        let icon = png_bytes(
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            2,
            &[0, 255],
        );
        assert!(pages(&[(icon, None)], 1).0.is_empty());
        let page = png_sized(
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            1000,
            600,
            &vec![255; 600_000],
        );
        let sheet = png_sized(
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            500,
            700,
            &vec![255; 350_000],
        );
        let (read, undecoded) = pages(
            &[(page.clone(), Some(5.0)), (page, None), (sheet, Some(6.3))],
            3,
        );
        assert_eq!(undecoded, 0);
        let got: Vec<(usize, u32, f64)> = read.iter().map(|(i, p)| (*i, p.page, p.dpi)).collect();
        assert_eq!(
            got,
            vec![
                (0, 3, 200.0),
                (1, 4, 1000.0 / A4_WIDTH_IN),
                (2, 5, 500.0 / A4_WIDTH_IN)
            ]
        );
    }
}
