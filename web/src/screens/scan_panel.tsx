// The scan of the paper protocol beside the form and beside the two entries: the latest scan
// attached (an image shown, a PDF linked), its SHA-256 as the record keeps it, and — for a typist
// or a coordinator — a file field to attach one (JPEG, PNG or PDF up to 10 MiB; the server checks
// the bytes and decides).
import { useEffect, useState } from "preact/hooks";

import { kScanMaxBytes, kScanTypes, listScans, scanUrl, uploadScan, type ScanInfo } from "../api";
import { formatNumber, t } from "../i18n";
import { errorText } from "./errors";

export function ScanPanel({ protocol, canUpload }: { protocol: string; canUpload: boolean }) {
  const [scans, setScans] = useState<ScanInfo[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setScans(await listScans(protocol));
    } catch (caught) {
      setScans([]);
      setMessage(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
  }, [protocol]);

  async function attach(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file === undefined) return;
    if (!(kScanTypes as readonly string[]).includes(file.type)) {
      setMessage(t("scan.wrong_type"));
      return;
    }
    if (file.size > kScanMaxBytes) {
      setMessage(t("scan.too_large"));
      return;
    }
    setBusy(true);
    try {
      const added = await uploadScan(protocol, file);
      setMessage(t("scan.attached", { sha: added.sha256.slice(0, 12) }));
      await load();
    } catch (caught) {
      setMessage(errorText(caught));
    } finally {
      setBusy(false);
      input.value = "";
    }
  }

  const latest = scans !== null && scans.length > 0 ? scans[scans.length - 1] : undefined;
  const url = latest !== undefined ? scanUrl(latest.sha256) : null;
  return (
    <section class="scan" aria-labelledby={`scan-heading-${protocol}`}>
      <h2 id={`scan-heading-${protocol}`}>{t("resolve.scan")}</h2>
      {scans === null ? <p class="hint">{t("app.loading")}</p> : null}
      {scans !== null && latest === undefined ? <p class="hint">{t("resolve.no_scan")}</p> : null}
      {latest !== undefined && url !== null ? (
        <>
          {latest.media_type === "application/pdf" ? (
            <p>
              <a href={url} target="_blank" rel="noopener">
                {t("scan.open_pdf")}
              </a>
            </p>
          ) : (
            <a href={url} target="_blank" rel="noopener">
              <img src={url} alt={t("resolve.scan_alt", { protocol })} />
            </a>
          )}
          <p class="hint scan-hash">
            SHA-256 <code>{latest.sha256}</code>
            <br />
            {t("scan.uploaded", { time: latest.uploaded_at.replace("T", " ").replace("Z", " UTC"), bytes: formatNumber(latest.bytes) })}
          </p>
          {scans !== null && scans.length > 1 ? <p class="hint">{t("scan.earlier", { count: scans.length - 1 })}</p> : null}
        </>
      ) : null}
      {canUpload ? (
        <div>
          <label for={`scan-file-${protocol}`}>{t("scan.attach")}</label>
          <input
            id={`scan-file-${protocol}`}
            type="file"
            accept={kScanTypes.join(",")}
            disabled={busy}
            aria-describedby={`scan-hint-${protocol}`}
            onChange={(event) => void attach(event)}
          />
          <p id={`scan-hint-${protocol}`} class="hint">
            {t("scan.hint")}
          </p>
        </div>
      ) : null}
      {message !== null ? (
        <p class="hint" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}
