package vn.lienthong.gateway.civil;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class Base64SizeTest {

    @ParameterizedTest
    @CsvSource({"QQ==,1", "QUI=,2", "QUJD,3", "QUJDREVG,6", "'QUJD\r\nREVG',6"})
    void validBase64GivesDecodedSize(String b64, long size) {
        assertThat(Base64Size.check(b64, 100)).isEqualTo(new Base64Size.Result(size, null));
    }

    @ParameterizedTest
    @CsvSource({"QQ=A", "Q===", "====", "QU-D", "QU_D", "Q Q=", "=QQQ"})
    void invalidBase64IsRefused(String b64) {
        assertThat(Base64Size.check(b64, 100).reason()).startsWith("is not valid base64");
    }

    @ParameterizedTest
    @CsvSource({"QUJDREVG,5,6", "QUJDREU=,4,5"})
    void sizeOverLimitIsRefused(String b64, long limit, long size) {
        assertThat(Base64Size.check(b64, limit).reason())
                .isEqualTo("decodes to " + size + " bytes, more than the limit of " + limit + " bytes");
    }
}
