package vn.lienthong.gateway.platform;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.core.security.Role;

import vn.lienthong.gateway.security.BrokerUsers;

/**
 * Who may do what on which broker address, as Artemis security settings (address match -> roles). Artemis applies
 * the most specific match only, so every match names the gateway's role too. The same table is written out in
 * docker/artemis/{primary,backup}/broker.xml (BrokerRolesTest compares them).
 * <ul>
 * <li>{@code gateway} (the gateway's own user): everything, everywhere: it consumes and sends the work queues,
 *     dead-letters, replays and reads queue statistics through management.</li>
 * <li>{@code one-stop-shop}: sends to its intake queues; consumes dvcqg.papers.reply.</li>
 * <li>{@code hospital}: sends to health.birth.inbound and health.death.inbound.</li>
 * <li>every external user: consumes (and creates) its own reply queues {@code reply.<user>.#}.</li>
 * <li>{@code admin}: management (and the temporary queue a management client reads the answers on); no work
 *     queue, dead letter or reply queue of its own.</li>
 * </ul>
 * Work queues, dead letters, the expiry queue and anything else in the flows' namespaces: the gateway only.
 */
public final class BrokerRoles {

    public static final String REPLY_PREFIX = "reply.";
    // exact names, no wildcards: a new intake queue is opened to other systems on purpose, not by its name's shape
    static final List<String> ONE_STOP_SHOP_SENDS = List.of("civil.dossier.inbound", "civil.dossier.decision",
            "molisa.dossier.inbound", "molisa.decision.inbound", "molisa.progress.inbound", "dvcqg.papers.request");
    static final List<String> ONE_STOP_SHOP_CONSUMES = List.of("dvcqg.papers.reply");
    static final List<String> HOSPITAL_SENDS = List.of("health.birth.inbound", "health.death.inbound");
    static final List<String> GATEWAY_ONLY = List.of("civil.#", "molisa.#", "health.#", "dvcqg.#", "reply.#",
            "DLQ", "DLQ.#", "ExpiryQueue");

    private BrokerRoles() {
    }

    /**
     * The queues other systems send to or read, created with the broker: a sender may not create queues (another
     * queue on an intake address would take half of its messages), so they must exist before the gateway's
     * consumers start.
     */
    public static List<String> externalQueues() {
        List<String> queues = new java.util.ArrayList<>(ONE_STOP_SHOP_SENDS);
        queues.addAll(HOSPITAL_SENDS);
        queues.addAll(ONE_STOP_SHOP_CONSUMES);
        return queues;
    }

    /** The security settings for these external users (their personal reply namespaces). */
    public static Map<String, Set<Role>> settings(Collection<BrokerUsers.User> users) {
        Map<String, Set<Role>> settings = new LinkedHashMap<>();
        Role gateway = gateway();
        // admin: management; the broker sends its answers to the admin's temporary queue on the admin's behalf
        settings.put("#", Set.of(gateway, new Role(BrokerUsers.ADMIN, true, true, false, false, true, true, true, true,
                true, false, true, true)));
        GATEWAY_ONLY.forEach(match -> settings.put(match, Set.of(gateway)));
        ONE_STOP_SHOP_SENDS.forEach(match -> settings.put(match, Set.of(gateway, sender(BrokerUsers.ONE_STOP_SHOP))));
        HOSPITAL_SENDS.forEach(match -> settings.put(match, Set.of(gateway, sender(BrokerUsers.HOSPITAL))));
        ONE_STOP_SHOP_CONSUMES.forEach(match -> settings.put(match, Set.of(gateway, consumer(BrokerUsers.ONE_STOP_SHOP))));
        for (BrokerUsers.User user : users) {
            settings.put(REPLY_PREFIX + user.name() + ".#", Set.of(gateway, replyOwner(user.name())));
        }
        return settings;
    }

    static Role gateway() {
        return new Role(BrokerUsers.GATEWAY, true, true, true, true, true, true, true, true, true, true, true, true);
    }

    // Role(name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue,
    //      deleteNonDurableQueue, manage, browse, createAddress, deleteAddress, view, edit)
    private static Role sender(String role) {
        return new Role(role, true, false, false, false, false, false, false, false, false, false, false, false);
    }

    private static Role consumer(String role) {
        return new Role(role, false, true, false, false, false, false, false, true, false, false, false, false);
    }

    /** A user's own reply queues: it creates, reads and removes them; only the gateway sends to them. */
    private static Role replyOwner(String user) {
        return new Role(user, false, true, true, true, true, true, false, true, true, false, false, false);
    }
}
