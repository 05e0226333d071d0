package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("kinds")
class OpsApiTest {
  @Parameter String kind;
  RawHttp anonymous;

  static List<String> kinds() {
    return DatabaseKinds.available("OpsApiTest");
  }

  @BeforeEach
  void setUp() {
    anonymous = TestServer.shared(kind).anonymous();
  }

  @Test
  void healthz_withoutCredentials_returnsOk() {
    var r = anonymous.get("/healthz");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void readyz_whileDatabaseAnswers_returnsReady() {
    var r = anonymous.get("/readyz");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("ready");
  }

  @Test
  void metrics_exposeRequestCountsPerRoute_jvmAndConnectionPool() {
    TestServer.shared(kind).http().get("/api/backend/v1/user/query?page_size=1");
    var r = anonymous.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/api/backend/v1/user/query\",status=\"200\"}")
        .contains("jvm_memory_used_bytes")
        .contains("hikaricp_connections_active");
  }

  @Test
  void everyResponse_carriesRequestId_andEchoesASafeIncomingOne() {
    assertThat(anonymous.get("/healthz").header("X-Request-Id")).hasSizeGreaterThan(10);
    var echoed = anonymous.send("GET", "/healthz", null, null);
    assertThat(echoed.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void unknownRoute_returnsJson404_distinctFromAMissingRecord() {
    var r = anonymous.get("/no/such/route");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error_code").asText()).isEqualTo("route_not_found");
  }

  @Test
  void backendApi_withoutKey_returns401() {
    var r = anonymous.get("/api/backend/v1/user/query");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error_code").asText()).isEqualTo("unauthorized");
  }

  @Test
  void backendApi_withWrongKey_returns401() {
    var r =
        anonymous.withBearer("lk_mgmt_not_a_real_key_0000000000").get("/api/backend/v1/user/query");
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void backendApi_withMalformedAuthorizationHeader_returns401() {
    var r = anonymous.send("GET", "/api/backend/v1/user/query", null, null);
    assertThat(r.status()).isEqualTo(401);
    var basic =
        RawHttpSupport.withHeader(
            TestServer.shared(kind).baseUrl() + "/api/backend/v1/user/query",
            "Authorization",
            "Basic " + TestServer.MANAGEMENT_KEY);
    assertThat(basic).isEqualTo(401);
  }
}
