package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricInsideFunctionsAggregationsAndRanges() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le, application) (rate(relay_ws_send_ack_seconds_bucket[$__rate_interval])))"))
                .containsExactly("relay_ws_send_ack_seconds_bucket");
    }

    @Test
    void ignoresLabelMatchersGroupingLabelsAndVariables() {
        assertThat(PromQl.metricNames(
                        "sum(rate(http_server_requests_seconds_count{status=~\"5..\", application=~\"$application\"}[5m]))"
                                + " by (application, uri)"))
                .containsExactly("http_server_requests_seconds_count");
    }

    @Test
    void findsBothSidesOfABinaryOperation() {
        assertThat(
                        PromQl.metricNames(
                                "sum(rate(relay_messages_batch_size_sum[1m])) / sum(rate(relay_messages_batch_size_count[1m])) > bool 2"))
                .containsExactly("relay_messages_batch_size_sum", "relay_messages_batch_size_count");
    }

    @Test
    void aMetricNoServiceExportsIsNotInTheList() {
        assertThat(PromQl.metricNames("sum(rate(relay_messages_sent_total[1m]))"))
                .containsExactly("relay_messages_sent_total")
                .doesNotContainAnyElementsOf(ExportedMetrics.NAMES);
        // the gRPC metric of Micrometer's older interceptor, which Spring gRPC does not install
        assertThat(ExportedMetrics.NAMES).doesNotContain("grpc_server_processing_duration_seconds_count");
    }
}
