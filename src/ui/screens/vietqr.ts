// The VietQR of a dossier's bank transfer, full screen, for the citizen to scan with a banking app
// off the operator's screen: the exact fee, the office's account and the dossier's code as the note,
// as on the slip. A version-5 or -6 code with its quiet zone is 41 to 49 modules across, 21 to 25
// text rows, more than the body of an 80x24 screen leaves beside the dossier: so it takes the whole
// terminal (frame 'full': no header, the status and the key bar beside the code). A code that does
// not fit whole is not drawn: the screen says how big a terminal it needs.
import { fmtVnd } from '../../core/receipt.js';
import { paymentState, type Dossier } from '../../core/dossier.js';
import { qrMatrix } from '../../core/print/qr.js';
import { terminalQr, QUIET_ZONES } from '../../core/termqr.js';
import { parseEmvTlv } from '../../core/vietqr.js';
import { back, CHROME_ROWS, frame, type Binding, type Frame, type Screen, type ScreenEnv, type ViewLine } from '../screen.js';

export interface VietQrState {
  dossier: Dossier;
}

/** The account a VietQR pays into (tag 38, its 01: the bank's BIN and the account number). */
function accountOf(payload: string): { bin: string; account: string } | null {
  try {
    const merchant = parseEmvTlv(parseEmvTlv(payload).get('38') ?? '');
    const bene = parseEmvTlv(merchant.get('01') ?? '');
    return { bin: bene.get('00') ?? '', account: bene.get('01') ?? '' };
  } catch {
    return null;
  }
}

/** The lines beside the code: what is paid, to whom, for which dossier, and where the payment stands. */
function caption(d: Dossier, env: ScreenEnv): ViewLine[] {
  const { t, app } = env;
  const trip = d.tripId === null ? undefined : app.getTrip(d.tripId);
  const office = app.offices.ofDossier(d, trip);
  const to = d.vietqr ? accountOf(d.vietqr) : null;
  const bank = office.bank && to && office.bank.account === to.account ? office.bank : null;
  const state = paymentState(d);
  return [
    { text: t('qr.title'), bold: true },
    '',
    t('qr.amount', { fee: fmtVnd(d.feeVnd) }),
    t('qr.code', { code: d.code }),
    ...(bank ? [t('qr.bank', { bank: bank.bankName, account: bank.account }), bank.accountName] : to ? [t('qr.account', { account: to.account })] : []),
    d.citizenName,
    '',
    state === 'awaiting' ? { text: t('qr.awaiting'), color: 'yellow' } : { text: t('qr.paid'), color: 'green' },
  ];
}

const bindings: readonly Binding<VietQrState>[] = [back(1)];

export const vietQrScreen: Screen<VietQrState> = {
  id: 'vietqr',
  bindings,
  scans: () => 'busy',
  view: (s, env, size) => {
    const d = s.dossier;
    // the whole terminal, one line short (as App draws it): the body and the header, status and key bar
    const rows = size.height + CHROME_ROWS;
    const lines = caption(d, env);
    const qr = d.vietqr ? terminalQr(d.vietqr, size.width - 20, rows) : null;
    if (!qr) {
      const m = d.vietqr ? qrMatrix(d.vietqr, 'L').length + 2 * (QUIET_ZONES.at(-1) as number) : 0;
      const need = env.t('qr.tooSmall', { cols: m + 20, rows: Math.ceil(m / 2) + 1 });
      return { frame: 'box', title: env.t('qr.title'), lines: [...lines, '', { text: need, color: 'red' }], width: size.width, height: size.height };
    }
    return { frame: 'full', title: env.t('qr.title'), lines, qr: qr.rows };
  },
};

export const vietQrFrame = (d: Dossier): Frame<VietQrState> => frame(vietQrScreen, { dossier: d });
