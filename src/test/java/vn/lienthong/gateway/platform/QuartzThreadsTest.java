package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.GatewayHarness;

/** QUARTZ_THREADS sizes the single-node (in-memory) scheduler too, not only the clustered one. */
class QuartzThreadsTest {

    @Test
    void theInMemorySchedulerRunsTheWorkersConfigured() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(Map.of("QUARTZ_THREADS", "3"))) {
            QuartzComponent quartz = gw.gateway().camelContext().getComponent("quartz", QuartzComponent.class);
            assertThat(quartz.isClustered()).isFalse();
            assertThat(quartz.getScheduler().getMetaData().getThreadPoolSize()).isEqualTo(3);
            assertThat(quartz.getScheduler().getMetaData().getJobStoreClass().getSimpleName()).isEqualTo("RAMJobStore");
            assertThat(quartz.getScheduler().isStarted()).isTrue();
        }
    }
}
