package vn.lienthong.gateway.platform;

import java.io.PrintStream;
import java.util.List;

/**
 * A mode of {@code bin/gateway} that a module offers (FlowContext.contribute(LaunchCommand.class, flag, command)),
 * e.g. {@code --acceptance test}: GatewayMain starts the gateway, runs the command with the arguments after its flag,
 * and exits with the code it returns. Platform stays ignorant of the module that offers it.
 */
public interface LaunchCommand {

    /** Runs on the started gateway; the answer is the process's exit code. */
    int run(List<String> arguments, PrintStream out) throws Exception;
}
