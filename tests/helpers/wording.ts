// The faults of Vietnamese wording issue 19 names, as patterns a text must not match: what a citizen
// sees or hears, what the operator reads, what the office files. Shared by the catalogue and data test
// (tests/unit/wording.test.ts) and the printed forms read back from their PDF.

/** [why it is wrong, the pattern]. Letters are matched as words, with Vietnamese letters counted. */
export const WORDING_FAULTS: [string, RegExp][] = [
  ['“bạn” is too familiar for an official paper or an elderly citizen', /(^|[^\p{L}])bạn([^\p{L}]|$)/iu],
  ['“ở tương lai” is English word order (→ “sau ngày hiện tại”)', /ở tương lai/iu],
  ['“… không có.” is English word order (→ “Không có …”)', /[”"]\s*không có\./u],
  ['“nhập tay công dân” (→ “nhập tay thông tin công dân”)', /nhập tay công dân/iu],
  ['date patterns for programmers (→ ngày/tháng/năm)', /NNNN|TT-NN|dd\/mm|yyyy/iu],
  ['one quotation style: “ ”', /[«»]/u],
  ['“vd” (→ “ví dụ”)', /(^|[^\p{L}])vd([^\p{L}]|$)/iu],
  ['“sớm hạn” is not a term (→ “trước hạn”)', /sớm hạn/iu],
  ['a dossier is “Đang giải quyết”, not “Đang xử lý”', /đang xử lý/iu],
  ['“Yêu cầu bổ sung” as a state (→ “Chờ bổ sung, hoàn thiện hồ sơ”)', /^Yêu cầu bổ sung$/u],
  ['“Nhật ký kiểm tra” (→ “Nhật ký thao tác”)', /nhật ký kiểm tra/iu],
  ['“dấu khóa” is a made-up term (→ dấu vân tay khóa ký số)', /dấu khóa/iu],
  ['one spelling: “Bộ phận Một cửa”', /[Bb]ộ phận một cửa/u],
  ['one term: “Hỗ trợ không có hồ sơ”', /hỗ trợ không hồ sơ/iu],
  ['no slash in “miễn / không thu”', /miễn\s*\/\s*không thu/iu],
  ['“tại” twice after “Đăng ký nhận kết quả tại”', /tại:\s*tại/iu],
  ['the household register was abolished by the 2020 Residence Law', /hộ khẩu/iu],
  ['one name for the service: “Dịch vụ công lưu động”', /lưu động – dịch vụ công|phục vụ hành chính công lưu động/iu],
];

/** The faults `text` has, as readable lines (empty when none). */
export function wordingFaults(text: string): string[] {
  return WORDING_FAULTS.filter(([, re]) => re.test(text)).map(([why]) => `${why}: ${text}`);
}
