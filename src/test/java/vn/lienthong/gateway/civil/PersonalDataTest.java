package vn.lienthong.gateway.civil;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTest {

    @Test
    void masksAllButTwoCharactersAtEachEnd() {
        assertThat(PersonalData.mask("0012345601")).isEqualTo("00******01");
        assertThat(PersonalData.mask("Nguyễn Văn An")).isEqualTo("Ng*********An");
        assertThat(PersonalData.mask("12345")).isEqualTo("12*45");
    }

    @Test
    void shortValuesAreFullyMasked() {
        assertThat(PersonalData.mask("1234")).isEqualTo("****");
        assertThat(PersonalData.mask("An")).isEqualTo("**");
        assertThat(PersonalData.mask("")).isEmpty();
        assertThat(PersonalData.mask(null)).isNull();
    }

    @Test
    void listsPersonalFields() {
        assertThat(PersonalData.personalFieldNames()).contains(
                "nksHoTen", "meHoTen", "chaHoTen", "nycHoTen", "nktHoTen",
                "meSoGiayToTuyThan", "nycSoGiayToTuyThan", "meSoDDCN", "nycSoDienThoai", "nycEmail");
        assertThat(PersonalData.personalFieldNames()).doesNotContain("nksNgaySinh", "maHoSo", "nksNoiSinh");
    }

    @Test
    void recognisesPersonalFieldsBySuffix() {
        assertThat(PersonalData.isPersonal("vợHoTen")).isTrue();
        assertThat(PersonalData.isPersonal("nguoiGiamHoSoGiayToTuyThan")).isTrue();
        assertThat(PersonalData.isPersonal("maDonVi")).isFalse();
        assertThat(PersonalData.isPersonal(null)).isFalse();
    }
}
