/// The shared frame of every HTML page: one self-contained file, inline CSS, no scripts, readable on
/// a phone and printable.
enum HTMLPage {
  static let style = """
    :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK TC",sans-serif;color:#1a202c;background:#fff}
    body{margin:0 auto;max-width:52rem;padding:1rem;line-height:1.5}
    h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;border-bottom:2px solid #e2e8f0}
    .meta{color:#4a5568;margin:0 0 1rem}
    .total{display:flex;gap:1.5rem;align-items:baseline;flex-wrap:wrap;background:#f7fafc;border:1px solid #e2e8f0;border-radius:8px;padding:.8rem 1rem}
    .total strong{font-size:2rem}.letter{font-size:1.6rem;font-weight:700;color:#2c5282}
    .facts{display:flex;gap:1rem;flex-wrap:wrap;margin:.3rem 0;color:#2d3748}
    .status{font-weight:600;padding:0 .4rem;border-radius:4px;background:#edf2f7}
    .status-missing,.status-no-slot{background:#fed7d7;color:#822727}.status-excused{background:#e9d8fd;color:#44337a}
    .status-override{background:#feebc8;color:#7b341e}.status-pending{background:#e2e8f0;color:#2d3748}
    .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.95rem}
    th,td{border:1px solid #cbd5e0;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#edf2f7}
    td.num{text-align:right;font-variant-numeric:tabular-nums}
    blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #90cdf4;background:#f7fafc;white-space:pre-line}
    .evidence li{color:#2d3748}.muted{color:#4a5568}
    svg.hist{width:100%;max-width:26rem;height:auto}svg text{fill:#1a202c}
    @media print{body{max-width:none}a{color:inherit}.total{border:1px solid #000}h2{break-after:avoid}section{break-inside:avoid}}
    """

  static func wrap(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
    <title>\(Escape.html(title))</title>
    <style>\(style)</style>
    </head>
    <body>
    <main>
    \(body)
    </main>
    </body>
    </html>

    """
  }
}
