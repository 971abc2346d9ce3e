/*
 * demo_data.c -- names, places and organizations for the demo data set.
 *
 * Facts the generator in demo.c draws from: Vietnamese family names with
 * their approximate share of the population (Nguyễn about 38%, then Trần,
 * Lê, Phạm, ...), middle and given names by sex, the 63 birth-registration
 * codes of the citizen ID, five of the 34 provinces since 1 July 2025 with
 * post-merger communes, wards and agencies, and party organizations abroad
 * in fourteen countries. This file must never hold a person's record: every
 * member is generated.
 */
#include "service/demo_data.h"

#define N_OF(t) (sizeof(t) / sizeof((t)[0]))

/* Family names, weights per thousand (surveys of Vietnamese surnames). */
static const demo_name family[] = {
    {"Nguyễn", "nguyen", 384}, {"Trần", "tran", 110},   {"Lê", "le", 95},
    {"Phạm", "pham", 71},      {"Hoàng", "hoang", 31},  {"Huỳnh", "huynh", 20},
    {"Phan", "phan", 45},      {"Vũ", "vu", 22},        {"Võ", "vo", 17},
    {"Đặng", "dang", 21},      {"Bùi", "bui", 20},      {"Đỗ", "do", 14},
    {"Hồ", "ho", 13},          {"Ngô", "ngo", 13},      {"Dương", "duong", 10},
    {"Lý", "ly", 5},           {"Trương", "truong", 8}, {"Đinh", "dinh", 6},
    {"Trịnh", "trinh", 5},     {"Mai", "mai", 5},       {"Đoàn", "doan", 5},
    {"Lâm", "lam", 4},         {"Cao", "cao", 4},       {"Lương", "luong", 4},
    {"Hà", "ha", 4},           {"Tạ", "ta", 3},         {"Lưu", "luu", 3},
    {"Chu", "chu", 2},         {"Thái", "thai", 2},     {"Tô", "to", 2},
    {"Nông", "nong", 2},       {"Kiều", "kieu", 1},     {"Quách", "quach", 1},
    {"Vương", "vuong", 1},     {"La", "la", 1},         {"Hứa", "hua", 1},
};

static const demo_name middle_m[] = {
    {"Văn", "van", 300},    {"Đức", "duc", 80},     {"Minh", "minh", 80},   {"Quang", "quang", 60},
    {"Hữu", "huu", 60},     {"Công", "cong", 50},   {"Đình", "dinh", 50},   {"Xuân", "xuan", 40},
    {"Thành", "thanh", 40}, {"Quốc", "quoc", 40},   {"Tiến", "tien", 30},   {"Ngọc", "ngoc", 30},
    {"Trọng", "trong", 30}, {"Thanh", "thanh", 30}, {"Duy", "duy", 30},     {"Mạnh", "manh", 20},
    {"Việt", "viet", 20},   {"Anh", "anh", 20},     {"Hoàng", "hoang", 20}, {"Bá", "ba", 15},
    {"Gia", "gia", 15},     {"Tuấn", "tuan", 15},
};

static const demo_name middle_f[] = {
    {"Thị", "thi", 350},  {"Ngọc", "ngoc", 60},   {"Thu", "thu", 50},       {"Thanh", "thanh", 50},
    {"Hồng", "hong", 40}, {"Minh", "minh", 30},   {"Phương", "phuong", 30}, {"Kim", "kim", 30},
    {"Thúy", "thuy", 20}, {"Bích", "bich", 20},   {"Hoài", "hoai", 15},     {"Mai", "mai", 15},
    {"Hải", "hai", 15},   {"Khánh", "khanh", 15}, {"Diệu", "dieu", 10},     {"Quỳnh", "quynh", 10},
    {"Lan", "lan", 10},   {"Bảo", "bao", 10},     {"Tường", "tuong", 5},
};

static const demo_name given_m[] = {
    {"An", "an", 30},       {"Anh", "anh", 50},     {"Bình", "binh", 30},   {"Cường", "cuong", 30},
    {"Dũng", "dung", 40},   {"Đạt", "dat", 30},     {"Đức", "duc", 30},     {"Giang", "giang", 10},
    {"Hải", "hai", 40},     {"Hiếu", "hieu", 20},   {"Hoàng", "hoang", 20}, {"Hùng", "hung", 40},
    {"Huy", "huy", 40},     {"Khánh", "khanh", 20}, {"Khoa", "khoa", 15},   {"Kiên", "kien", 15},
    {"Lâm", "lam", 15},     {"Long", "long", 30},   {"Minh", "minh", 40},   {"Nam", "nam", 40},
    {"Nghĩa", "nghia", 20}, {"Phong", "phong", 20}, {"Phúc", "phuc", 20},   {"Quân", "quan", 25},
    {"Quang", "quang", 20}, {"Sơn", "son", 35},     {"Tài", "tai", 15},     {"Thắng", "thang", 30},
    {"Thành", "thanh", 30}, {"Tiến", "tien", 20},   {"Toàn", "toan", 20},   {"Trung", "trung", 30},
    {"Tuấn", "tuan", 50},   {"Tùng", "tung", 25},   {"Việt", "viet", 20},   {"Vinh", "vinh", 20},
    {"Hưng", "hung", 25},   {"Hậu", "hau", 10},     {"Lộc", "loc", 10},     {"Thịnh", "thinh", 10},
    {"Khải", "khai", 10},   {"Chiến", "chien", 15}, {"Bảo", "bao", 10},     {"Duy", "duy", 15},
    {"Tâm", "tam", 10},     {"Thái", "thai", 10},   {"Trí", "tri", 10},     {"Hiển", "hien", 5},
};

static const demo_name given_f[] = {
    {"Anh", "anh", 50},       {"Chi", "chi", 20},     {"Dung", "dung", 25},
    {"Giang", "giang", 20},   {"Hà", "ha", 30},       {"Hạnh", "hanh", 25},
    {"Hằng", "hang", 30},     {"Hiền", "hien", 25},   {"Hoa", "hoa", 30},
    {"Hồng", "hong", 20},     {"Huyền", "huyen", 30}, {"Hương", "huong", 40},
    {"Lan", "lan", 30},       {"Linh", "linh", 45},   {"Loan", "loan", 15},
    {"Mai", "mai", 30},       {"My", "my", 15},       {"Ngân", "ngan", 15},
    {"Ngọc", "ngoc", 25},     {"Nhung", "nhung", 20}, {"Oanh", "oanh", 15},
    {"Phương", "phuong", 30}, {"Quỳnh", "quynh", 20}, {"Tâm", "tam", 10},
    {"Thảo", "thao", 40},     {"Thủy", "thuy", 30},   {"Trang", "trang", 45},
    {"Trinh", "trinh", 10},   {"Uyên", "uyen", 10},   {"Vân", "van", 20},
    {"Yến", "yen", 20},       {"Thư", "thu", 15},     {"Nga", "nga", 20},
    {"Liên", "lien", 15},     {"Ly", "ly", 10},       {"Nhàn", "nhan", 10},
    {"Tuyết", "tuyet", 10},
};

const demo_name_table demo_family_names = {family, N_OF(family)};
const demo_name_table demo_middle_male = {middle_m, N_OF(middle_m)};
const demo_name_table demo_middle_female = {middle_f, N_OF(middle_f)};
const demo_name_table demo_given_male = {given_m, N_OF(given_m)};
const demo_name_table demo_given_female = {given_f, N_OF(given_f)};

/* Thông tư 07/2016/TT-BCA, as listed in DOMAIN.md. */
const char *const demo_cccd_provinces[] = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
};
const size_t demo_cccd_provinces_n = N_OF(demo_cccd_provinces);

/* The first row is the root, the Central Committee itself; the others hang
 * directly under it. */
const demo_central demo_centrals[] = {
    {"TW", "Ban Chấp hành Trung ương", "1930-02-03"},
    {"CP", "Đảng bộ Chính phủ", NULL},
    {"CQD", "Đảng bộ các cơ quan Đảng Trung ương", NULL},
    {"QH", "Đảng bộ Quốc hội", NULL},
    {"MTTW", "Đảng bộ Mặt trận Tổ quốc và các đoàn thể Trung ương", NULL},
    {"CATW", "Đảng bộ Công an Trung ương", NULL},
    {"QUTW", "Quân ủy Trung ương", NULL},
};
const size_t demo_centrals_n = N_OF(demo_centrals);

/* ---- provinces (five of the 34 since 1 July 2025) ---- */

/* Hà Nội kept its borders; its districts are gone, wards and communes
 * remain, now directly under the city. */
static const demo_grassroots hanoi[] = {
    {"BADINH",
     "Đảng bộ phường Ba Đình",
     NULL,
     {{"TDP1", "Chi bộ Tổ dân phố số 1", NULL},
      {"TDP5", "Chi bộ Tổ dân phố số 5", NULL},
      {"QUANTHANH", "Chi bộ Khu dân cư Quán Thánh", NULL}}},
    {"HOANKIEM",
     "Đảng bộ phường Hoàn Kiếm",
     NULL,
     {{"HANGBAC", "Chi bộ Tổ dân phố Hàng Bạc", NULL},
      {"HANGDAO", "Chi bộ Tổ dân phố Hàng Đào", NULL}}},
    {"CAUGIAY",
     "Đảng bộ phường Cầu Giấy",
     NULL,
     {{"DICHVONG", "Chi bộ Khu dân cư Dịch Vọng", NULL},
      {"QUANHOA", "Chi bộ Khu dân cư Quan Hoa", NULL}}},
    {"DONGANH",
     "Đảng bộ xã Đông Anh",
     NULL,
     {{"COLOA", "Chi bộ thôn Cổ Loa", NULL}, {"DUCNOI", "Chi bộ thôn Đức Nội", NULL}}},
    {"BATTRANG",
     "Đảng bộ xã Bát Tràng",
     NULL,
     {{"GIANGCAO", "Chi bộ thôn Giang Cao", NULL}, {"BATTRANG", "Chi bộ thôn Bát Tràng", NULL}}},
    {"SYT",
     "Đảng bộ Sở Y tế",
     NULL,
     {{"VP", "Chi bộ Văn phòng Sở", NULL},
      {"NVY", "Chi bộ Phòng Nghiệp vụ Y", NULL},
      {"TTR", "Chi bộ Thanh tra Sở", NULL}}},
    {"DHTD",
     "Đảng bộ Trường Đại học Thủ đô Hà Nội",
     NULL,
     {{"SUPHAM", "Chi bộ Khoa Sư phạm", NULL}, {"NGOAINGU", "Chi bộ Khoa Ngoại ngữ", NULL}}},
};

/* Hồ Chí Minh City, Bình Dương and Bà Rịa - Vũng Tàu became one city. */
static const demo_grassroots hcm[] = {
    {"SAIGON",
     "Đảng bộ phường Sài Gòn",
     NULL,
     {{"KP1", "Chi bộ Khu phố 1", NULL}, {"KP4", "Chi bộ Khu phố 4", NULL}}},
    {"BENTHANH",
     "Đảng bộ phường Bến Thành",
     NULL,
     {{"KP2", "Chi bộ Khu phố 2", NULL}, {"KP5", "Chi bộ Khu phố 5", NULL}}},
    {"THUDAUMOT",
     "Đảng bộ phường Thủ Dầu Một",
     NULL,
     {{"KP3", "Chi bộ Khu phố 3", NULL}, {"KP7", "Chi bộ Khu phố 7", NULL}}},
    {"VUNGTAU",
     "Đảng bộ phường Vũng Tàu",
     NULL,
     {{"KP6", "Chi bộ Khu phố 6", NULL}, {"KP9", "Chi bộ Khu phố 9", NULL}}},
    {"CUCHI",
     "Đảng bộ xã Củ Chi",
     NULL,
     {{"APPHUHIEP", "Chi bộ ấp Phú Hiệp", NULL}, {"APBAUTRE", "Chi bộ ấp Bàu Tre", NULL}}},
    {"CANGIO",
     "Đảng bộ xã Cần Giờ",
     NULL,
     {{"APDONGHOA", "Chi bộ ấp Đồng Hòa", NULL}, {"APLONGTHANH", "Chi bộ ấp Long Thạnh", NULL}}},
    {"SGDDT",
     "Đảng bộ Sở Giáo dục và Đào tạo",
     NULL,
     {{"VP", "Chi bộ Văn phòng Sở", NULL}, {"GDTH", "Chi bộ Phòng Giáo dục Tiểu học", NULL}}},
    {"BVCR",
     "Đảng bộ Bệnh viện Chợ Rẫy",
     NULL,
     {{"NOI", "Chi bộ Khối Nội", NULL},
      {"NGOAI", "Chi bộ Khối Ngoại", NULL},
      {"HANHCHINH", "Chi bộ Khối Hành chính", NULL}}},
};

static const demo_grassroots nghean[] = {
    {"THANHVINH",
     "Đảng bộ phường Thành Vinh",
     NULL,
     {{"KHOI3", "Chi bộ Khối 3", NULL}, {"KHOI8", "Chi bộ Khối 8", NULL}}},
    {"TRUONGVINH",
     "Đảng bộ phường Trường Vinh",
     NULL,
     {{"KHOI1", "Chi bộ Khối 1", NULL}, {"KHOI6", "Chi bộ Khối 6", NULL}}},
    {"KIMLIEN",
     "Đảng bộ xã Kim Liên",
     NULL,
     {{"XOMSEN", "Chi bộ xóm Sen", NULL}, {"HOANGTRU", "Chi bộ xóm Hoàng Trù", NULL}}},
    {"NAMDAN",
     "Đảng bộ xã Nam Đàn",
     NULL,
     {{"XOM1", "Chi bộ xóm 1", NULL}, {"XOM4", "Chi bộ xóm 4", NULL}}},
    {"DHV",
     "Đảng bộ Trường Đại học Vinh",
     NULL,
     {{"SUPHAM", "Chi bộ Trường Sư phạm", NULL},
      {"KINHTE", "Chi bộ Trường Kinh tế", NULL},
      {"SINHVIEN", "Chi bộ Sinh viên", NULL}}},
    {"SYT",
     "Đảng bộ Sở Y tế",
     NULL,
     {{"VP", "Chi bộ Văn phòng Sở", NULL}, {"NVY", "Chi bộ Phòng Nghiệp vụ Y", NULL}}},
};

/* Thái Nguyên and Bắc Kạn became one province. */
static const demo_grassroots thainguyen[] = {
    {"PHANDINHPHUNG",
     "Đảng bộ phường Phan Đình Phùng",
     NULL,
     {{"TDPDONGQUANG", "Chi bộ Tổ dân phố Đồng Quang", NULL},
      {"TDPQUANGTRUNG", "Chi bộ Tổ dân phố Quang Trung", NULL}}},
    {"DUCXUAN",
     "Đảng bộ phường Đức Xuân",
     NULL,
     {{"TDP2", "Chi bộ Tổ dân phố số 2", NULL}, {"TDP7", "Chi bộ Tổ dân phố số 7", NULL}}},
    {"DINHHOA",
     "Đảng bộ xã Định Hóa",
     NULL,
     {{"BANTAT", "Chi bộ thôn Bản Tát", NULL}, {"NAMUONG", "Chi bộ thôn Nà Mường", NULL}}},
    {"DAITU",
     "Đảng bộ xã Đại Từ",
     NULL,
     {{"XOMDONG", "Chi bộ xóm Đồng", NULL}, {"XOMCHE", "Chi bộ xóm Chè", NULL}}},
    {"DHTN",
     "Đảng bộ Đại học Thái Nguyên",
     NULL,
     {{"YDUOC", "Chi bộ Trường Đại học Y - Dược", NULL},
      {"NONGLAM", "Chi bộ Trường Đại học Nông Lâm", NULL}}},
};

/* Đà Nẵng and Quảng Nam became one city. */
static const demo_grassroots danang[] = {
    {"HAICHAU",
     "Đảng bộ phường Hải Châu",
     NULL,
     {{"TDP12", "Chi bộ Tổ dân phố 12", NULL}, {"TDP20", "Chi bộ Tổ dân phố 20", NULL}}},
    {"SONTRA",
     "Đảng bộ phường Sơn Trà",
     NULL,
     {{"TDP3", "Chi bộ Tổ dân phố 3", NULL}, {"TDP9", "Chi bộ Tổ dân phố 9", NULL}}},
    {"HOIAN",
     "Đảng bộ phường Hội An",
     NULL,
     {{"KPMINHAN", "Chi bộ Khối phố Minh An", NULL},
      {"KPCAMPHO", "Chi bộ Khối phố Cẩm Phô", NULL}}},
    {"TAMKY",
     "Đảng bộ phường Tam Kỳ",
     NULL,
     {{"KP1", "Chi bộ Khối phố 1", NULL}, {"KP5", "Chi bộ Khối phố 5", NULL}}},
    {"HOAVANG",
     "Đảng bộ xã Hòa Vang",
     NULL,
     {{"THONPHUSON", "Chi bộ thôn Phú Sơn", NULL}, {"THONLATHO", "Chi bộ thôn La Thọ", NULL}}},
    {"DHDN",
     "Đảng bộ Đại học Đà Nẵng",
     NULL,
     {{"BACHKHOA", "Chi bộ Trường Đại học Bách khoa", NULL},
      {"KINHTE", "Chi bộ Trường Đại học Kinh tế", NULL}}},
};

const demo_province demo_provinces[] = {
    {"HN", "Đảng bộ thành phố Hà Nội", {"001"}, "HN", hanoi, N_OF(hanoi)},
    {"HCM", "Đảng bộ Thành phố Hồ Chí Minh", {"079", "074", "077"}, "HCM", hcm, N_OF(hcm)},
    {"NA", "Đảng bộ tỉnh Nghệ An", {"040"}, "NA", nghean, N_OF(nghean)},
    {"TN", "Đảng bộ tỉnh Thái Nguyên", {"019", "006"}, "TN", thainguyen, N_OF(thainguyen)},
    {"DN", "Đảng bộ thành phố Đà Nẵng", {"048", "049"}, "DN", danang, N_OF(danang)},
};
const size_t demo_provinces_n = N_OF(demo_provinces);

/* ---- abroad ---- */

const char *const demo_overseas_code = "BNG";
const char *const demo_overseas_name = "Đảng bộ Bộ Ngoại giao";
const char *const demo_overseas_parent_code = "CP";
const char *const demo_overseas_founded_on = NULL;

const demo_country demo_countries[] = {
    {"JP",
     "392",
     "+81 90",
     8,
     {"JP",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Nhật Bản",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Nhật Bản", "mission"},
       {"OSAKA", "Chi bộ Tổng Lãnh sự quán tại Osaka", "mission"},
       {"LHS-TOKYO", "Chi bộ Lưu học sinh tại Tokyo", "students"},
       {"TTS-AICHI", "Chi bộ Thực tập sinh tại Aichi", "workers"}}}},
    {"KR",
     "410",
     "+82 10",
     8,
     {"KR",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Hàn Quốc",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Hàn Quốc", "mission"},
       {"LHS-SEOUL", "Chi bộ Lưu học sinh tại Seoul", "students"},
       {"LD-GYEONGGI", "Chi bộ Người lao động tại Gyeonggi", "workers"}}}},
    {"DE",
     "276",
     "+49 15",
     9,
     {"DE",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Cộng hòa Liên bang Đức",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Berlin", "mission"},
       {"CD-BERLIN", "Chi bộ Cộng đồng người Việt tại Berlin", "residents"},
       {"DN-LEIPZIG", "Chi bộ Doanh nhân tại Leipzig", "business"}}}},
    {"RU",
     "643",
     "+7 9",
     9,
     {"RU",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Liên bang Nga",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Liên bang Nga", "mission"},
       {"DN-MOSKVA", "Chi bộ Doanh nghiệp tại Mát-xcơ-va", "business"},
       {"LHS-SPB", "Chi bộ Lưu học sinh tại Xanh Pê-téc-bua", "students"},
       {"CD-MOSKVA", "Chi bộ Cộng đồng người Việt tại Mát-xcơ-va", "residents"}}}},
    {"FR",
     "250",
     "+33 6",
     8,
     {"FR",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Cộng hòa Pháp",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Pháp", "mission"},
       {"UNESCO", "Chi bộ Phái đoàn thường trực tại UNESCO", "mission"},
       {"LHS-PARIS", "Chi bộ Lưu học sinh tại Paris", "students"}}}},
    {"US",
     "840",
     "+1 202 555 01",
     2,
     {"US",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Hoa Kỳ",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Washington", "mission"},
       {"LHQ", "Chi bộ Phái đoàn thường trực tại Liên Hợp Quốc", "mission"},
       {"SF", "Chi bộ Tổng Lãnh sự quán tại San Francisco", "mission"}}}},
    {"AU",
     NULL,
     "+61 4",
     8,
     {"AU",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Ô-xtrây-li-a",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Canberra", "mission"},
       {"LHS-SYDNEY", "Chi bộ Lưu học sinh tại Sydney", "students"}}}},
    {"CN",
     "156",
     "+86 13",
     9,
     {"CN",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Trung Quốc",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Bắc Kinh", "mission"},
       {"QUANGCHAU", "Chi bộ Tổng Lãnh sự quán tại Quảng Châu", "mission"},
       {"LHS-NAMNINH", "Chi bộ Lưu học sinh tại Nam Ninh", "students"},
       {"DN-THUONGHAI", "Chi bộ Doanh nghiệp tại Thượng Hải", "business"}}}},
    {"LA",
     "418",
     "+856 20",
     8,
     {"LA",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Lào",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Viêng Chăn", "mission"},
       {"DN-VIENGCHAN", "Chi bộ Doanh nghiệp tại Viêng Chăn", "business"},
       {"LD-XIENGKHOANG", "Chi bộ Người lao động tại Xiêng Khoảng", "workers"}}}},
    {"KH",
     "116",
     "+855 1",
     7,
     {"KH",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Campuchia",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Phnôm Pênh", "mission"},
       {"DN-PHNOMPENH", "Chi bộ Doanh nghiệp tại Phnôm Pênh", "business"},
       {"HH-XIEMRIEP", "Chi bộ Hỗn hợp tại Xiêm Riệp", "mixed"}}}},
    {"GB",
     "826",
     "+44 7700 900",
     3,
     {"GB",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Vương quốc Anh",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Luân Đôn", "mission"},
       {"LHS-LONDON", "Chi bộ Lưu học sinh tại Luân Đôn", "students"}}}},
    {"CZ",
     "203",
     "+420 6",
     8,
     {"CZ",
      "Đảng bộ người Việt Nam tại Cộng hòa Séc",
      "mixed",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Praha", "mission"},
       {"CD-PRAHA", "Chi bộ Cộng đồng người Việt tại Praha", "residents"},
       {"DN-SAPA", "Chi bộ Doanh nhân Trung tâm thương mại Sapa", "business"}}}},
    {"PL",
     "616",
     "+48 6",
     8,
     {"PL",
      "Đảng bộ người Việt Nam tại Ba Lan",
      "mixed",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Vác-sa-va", "mission"},
       {"HH-VACSAVA", "Chi bộ Hỗn hợp tại Vác-sa-va", "mixed"}}}},
    {"MY",
     "458",
     "+60 1",
     8,
     {"MY",
      "Đảng bộ Cơ quan đại diện Việt Nam tại Ma-lai-xi-a",
      "mission",
      {{"DSQ", "Chi bộ Đại sứ quán Việt Nam tại Kuala Lumpur", "mission"},
       {"LD-PENANG", "Chi bộ Người lao động tại Penang", "workers"}}}},
};
const size_t demo_countries_n = N_OF(demo_countries);

const char *const demo_vn_mobile_prefixes[] = {
    "90", "91", "93", "94", "96", "97", "98", "86", "88", "89", "32", "35", "70", "77", "83",
};
const size_t demo_vn_mobile_prefixes_n = N_OF(demo_vn_mobile_prefixes);
