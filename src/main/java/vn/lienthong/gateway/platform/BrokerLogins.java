package vn.lienthong.gateway.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.lienthong.gateway.security.BrokerUsers;

/**
 * Logins of the embedded broker: the gateway's own user (in-VM only: other systems never share it) and the named
 * EMBEDDED_BROKER_USERS, each with its role and a personal role named after it (its reply queues). What a role may
 * do is Artemis's own check against {@link BrokerRoles}.
 */
final class BrokerLogins implements ActiveMQSecurityManager5 {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLogins.class);

    private final String gatewayUser;
    private final byte[] gatewayPassword;
    private final BrokerUsers users;

    BrokerLogins(String gatewayUser, String gatewayPassword, BrokerUsers users) {
        this.gatewayUser = gatewayUser;
        this.gatewayPassword = gatewayPassword.getBytes(StandardCharsets.UTF_8);
        this.users = users;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (user == null || password == null) {
            return null;
        }
        if (user.equals(gatewayUser)) {
            boolean inVm = connection != null && connection.getTransportConnection() instanceof InVMConnection;
            if (!inVm) {
                LOG.warn("Broker login as the gateway's own user from {} refused: it is only for the gateway itself "
                        + "(give other systems their own EMBEDDED_BROKER_USERS entry)", remote(connection));
                return null;
            }
            return MessageDigest.isEqual(gatewayPassword, password.getBytes(StandardCharsets.UTF_8))
                    ? subject(user, BrokerUsers.GATEWAY) : null;
        }
        Optional<BrokerUsers.User> found = users.login(user, password);
        if (found.isEmpty()) {
            LOG.warn("Broker login refused from {} (unknown user or wrong password)", remote(connection));
            return null;
        }
        return subject(user, found.get().role(), user);
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null || roles == null) {
            return false;
        }
        for (RolePrincipal principal : subject.getPrincipals(RolePrincipal.class)) {
            for (Role role : roles) {
                if (role.getName().equals(principal.getName()) && checkType.hasRole(role)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }

    private static Subject subject(String user, String... roles) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return subject;
    }

    private static String remote(RemotingConnection connection) {
        return connection == null ? "?" : connection.getRemoteAddress();
    }
}
