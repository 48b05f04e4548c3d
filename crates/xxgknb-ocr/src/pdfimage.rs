//! Page images taken straight out of an image-only PDF with lopdf: the
//! largest image XObject of each page, decoded with pure-Rust code (JPEG
//! through `zune-jpeg`, Flate-compressed raw samples through `flate2`).
//! CCITT fax, JBIG2 and JPEG 2000 images are reported as unsupported.

use std::io::Read;

use lopdf::{Dictionary, Object};

use crate::raster::Gray;
use crate::OcrError;

/// One page's picture and the page's size.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// 1-based page number.
    pub page: u32,
    /// The decoded picture, grey.
    pub image: Gray,
    /// Page width in points (the MediaBox), for the resolution.
    pub page_width_pt: f64,
}

impl PageImage {
    /// Pixels per inch of the picture across the page.
    pub fn dpi(&self) -> f64 {
        if self.page_width_pt > 1.0 {
            self.image.width as f64 * 72.0 / self.page_width_pt
        } else {
            150.0
        }
    }
}

/// Largest inflated image accepted (bytes): a 600-dpi A3 grey page is
/// about 70 MB.
const MAX_RAW_BYTES: u64 = 256 * 1024 * 1024;

/// The page numbers and object ids of a PDF, and the document.
pub fn open(bytes: &[u8]) -> Result<lopdf::Document, OcrError> {
    lopdf::Document::load_mem(bytes)
        .or_else(|_| {
            lopdf::Document::load_mem_with_options(
                bytes,
                lopdf::LoadOptions {
                    force_reconstruct: true,
                    ..lopdf::LoadOptions::default()
                },
            )
        })
        .map_err(|e| OcrError::Image(format!("cannot open the PDF: {e}")))
}

/// The picture of page `page` (object `id`), or `None` for a page without
/// any image.
pub fn page_image(
    doc: &lopdf::Document,
    page: u32,
    id: lopdf::ObjectId,
) -> Result<Option<PageImage>, OcrError> {
    let images = doc
        .get_page_images(id)
        .map_err(|e| OcrError::Image(format!("page {page}: image resources unreadable: {e}")))?;
    let Some(img) = images
        .iter()
        .max_by_key(|i| i.width.saturating_mul(i.height))
    else {
        return Ok(None);
    };
    let filters: Vec<String> = img.filters.clone().unwrap_or_default();
    let width = usize::try_from(img.width).unwrap_or(0);
    let height = usize::try_from(img.height).unwrap_or(0);
    if width == 0 || height == 0 || width.saturating_mul(height) > 400_000_000 {
        return Err(OcrError::Image(format!(
            "page {page}: image of {width}×{height} pixels"
        )));
    }
    let mut data: Vec<u8> = img.content.to_vec();
    let mut jpeg = false;
    for f in &filters {
        match f.as_str() {
            "FlateDecode" | "Fl" => data = inflate(&data)?,
            "DCTDecode" | "DCT" => jpeg = true,
            other => {
                return Err(OcrError::Unsupported(format!(
                    "page {page}: images compressed with {other} (CCITT fax, JBIG2 and JPEG 2000 are not decoded)"
                )))
            }
        }
    }
    let image = if jpeg {
        decode_jpeg(&data)?
    } else {
        let bpc = img.bits_per_component.unwrap_or(8);
        let comps = components(doc, img.origin_dict);
        raw_to_gray(&data, width, height, bpc, comps)
            .ok_or_else(|| OcrError::Image(format!("page {page}: raw image samples too short")))?
    };
    Ok(Some(PageImage {
        page,
        image,
        page_width_pt: media_width(doc, id).unwrap_or(595.0),
    }))
}

fn inflate(data: &[u8]) -> Result<Vec<u8>, OcrError> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(MAX_RAW_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| OcrError::Image(format!("image stream does not inflate: {e}")))?;
    Ok(out)
}

/// Decode a JPEG (baseline or progressive) to grey.
pub fn decode_jpeg(data: &[u8]) -> Result<Gray, OcrError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let opts = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(40_000)
        .set_max_height(40_000);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(data, opts);
    let pixels = dec
        .decode()
        .map_err(|e| OcrError::Image(format!("JPEG image does not decode: {e:?}")))?;
    let (w, h) = dec
        .dimensions()
        .ok_or_else(|| OcrError::Image("JPEG image without dimensions".into()))?;
    if pixels.len() == w * h {
        return Ok(Gray {
            width: w,
            height: h,
            pixels,
        });
    }
    // a decoder that ignored the grey request: average the channels
    let n = pixels.len() / (w * h).max(1);
    raw_to_gray(&pixels, w, h, 8, n.max(1))
        .ok_or_else(|| OcrError::Image("JPEG samples do not fill the image".into()))
}

fn components(doc: &lopdf::Document, dict: &Dictionary) -> usize {
    let Ok(cs) = dict.get(b"ColorSpace") else {
        return 1;
    };
    let cs = doc.dereference(cs).map(|(_, o)| o).unwrap_or(cs);
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" => 3,
            b"DeviceCMYK" => 4,
            _ => 1,
        },
        Object::Array(a) => match a.first().and_then(|o| o.as_name().ok()) {
            Some(b"ICCBased") => a
                .get(1)
                .and_then(|o| o.as_reference().ok())
                .and_then(|r| doc.get_object(r).ok())
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| s.dict.get(b"N").ok())
                .and_then(|n| n.as_i64().ok())
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(1),
            Some(b"CalRGB") => 3,
            _ => 1,
        },
        _ => 1,
    }
}

/// Raw samples (1 or 8 bits, 1/3/4 components) to grey.
pub fn raw_to_gray(data: &[u8], w: usize, h: usize, bpc: i64, comps: usize) -> Option<Gray> {
    let mut out = Gray::white(w, h);
    match bpc {
        1 => {
            let stride = w.div_ceil(8);
            for y in 0..h {
                for x in 0..w {
                    let byte = *data.get(y * stride + x / 8)?;
                    let bit = (byte >> (7 - (x % 8))) & 1;
                    out.set(x, y, if bit == 1 { 255 } else { 0 });
                }
            }
        }
        8 => {
            let c = comps.max(1);
            for y in 0..h {
                for x in 0..w {
                    let i = (y * w + x) * c;
                    let px = data.get(i..i + c)?;
                    let v = match px {
                        [g] => *g,
                        [r, g, b] => {
                            ((u32::from(*r) * 299 + u32::from(*g) * 587 + u32::from(*b) * 114)
                                / 1000) as u8
                        }
                        [cc, m, yy, k] => {
                            let ink = (u32::from(*cc) + u32::from(*m) + u32::from(*yy)) / 3
                                + u32::from(*k);
                            255u32.saturating_sub(ink.min(255)) as u8
                        }
                        other => other.first().copied().unwrap_or(255),
                    };
                    out.set(x, y, v);
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

fn media_width(doc: &lopdf::Document, id: lopdf::ObjectId) -> Option<f64> {
    let mut dict = doc.get_dictionary(id).ok()?;
    for _ in 0..32 {
        if let Ok(mb) = dict.get(b"MediaBox") {
            let mb = doc.dereference(mb).map(|(_, o)| o).ok()?;
            let a = mb.as_array().ok()?;
            let num = |o: Option<&Object>| -> Option<f64> {
                match o? {
                    Object::Integer(i) => Some(*i as f64),
                    Object::Real(r) => Some(f64::from(*r)),
                    _ => None,
                }
            };
            return Some((num(a.get(2))? - num(a.first())?).abs());
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_samples_become_grey() {
        let g = raw_to_gray(&[0, 0, 0, 255, 255, 255], 2, 1, 8, 3);
        assert_eq!(g.map(|g| g.pixels), Some(vec![0, 255]));
        let g = raw_to_gray(&[0b1000_0000], 2, 1, 1, 1);
        assert_eq!(g.map(|g| g.pixels), Some(vec![255, 0]));
        assert!(raw_to_gray(&[0], 4, 4, 8, 1).is_none());
    }
}
