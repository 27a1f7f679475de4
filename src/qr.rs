//! QR codes for join links: SVG for pages and print, PNG for anything else.

use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

fn code(data: &str) -> QrCode {
    // Medium error correction survives a creased or smudged badge. Join links are
    // far below the capacity of the largest QR version, so this cannot fail for them;
    // longer data falls back to the lowest level before giving up.
    QrCode::with_error_correction_level(data, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(data, EcLevel::L))
        .expect("data fits in a QR code")
}

/// An SVG QR code at least `size` pixels wide, with a text alternative.
pub fn svg(data: &str, size: u32, title: &str) -> String {
    let svg = code(data)
        .render::<svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build();
    // Give the image a role and a name so a screen reader announces it sensibly.
    let title = escape(title);
    svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{title}\" "),
        1,
    )
}

/// A greyscale PNG QR code, `scale` pixels per module.
pub fn png(data: &str, scale: usize) -> Vec<u8> {
    let code = code(data);
    let n = code.width();
    let colors = code.to_colors();
    let side = (n + 2 * QUIET_ZONE) * scale;
    let mut pixels = vec![255u8; side * side];
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == Color::Dark {
                for dy in 0..scale {
                    let row = (y + QUIET_ZONE) * scale + dy;
                    let start = row * side + (x + QUIET_ZONE) * scale;
                    pixels[start..start + scale].fill(0);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, side as u32, side as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().expect("writing to memory");
    writer.write_image_data(&pixels).expect("writing to memory");
    writer.finish().expect("writing to memory");
    out
}

/// Escapes text for HTML and SVG.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_codes_decode_back_to_their_data() {
        let link = "http://192.168.1.20:8080/p/#abcDEF123-_xyz";
        let bytes = png(link, 4);
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let (w, h) = (info.width as usize, info.height as usize);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, link);
    }

    #[test]
    fn svg_codes_have_an_accessible_name() {
        let s = svg("http://x/p/#t", 200, "Join <link>");
        assert!(s.contains("role=\"img\" aria-label=\"Join &lt;link&gt;\""));
    }
}
