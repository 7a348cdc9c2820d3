import com.sun.tools.attach.VirtualMachine;
import javax.management.*;
import javax.management.remote.*;
import java.util.*;

/** Kreq PID [pattern]: the broker's request counts per API (RequestsPerSec Count), and the consumers' fetch/commit/heartbeat counts per client id. */
public class Kreq {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String address = vm.startLocalManagementAgent();
        vm.detach();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            String pattern = args.length > 1 ? args[1] : "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";
            TreeMap<String, String> out = new TreeMap<>();
            for (ObjectName n : s.queryNames(new ObjectName(pattern), null)) {
                MBeanInfo info = s.getMBeanInfo(n);
                StringBuilder b = new StringBuilder();
                for (MBeanAttributeInfo a : info.getAttributes()) {
                    String an = a.getName();
                    if (an.equals("Count") || an.endsWith("-total") || an.equals("Value")) {
                        try { b.append(an).append('=').append(s.getAttribute(n, an)).append(' '); } catch (Exception e) {}
                    }
                }
                out.put(n.getKeyPropertyListString(), b.toString());
            }
            out.forEach((k, v) -> System.out.println(k + "  " + v));
        }
    }
}
