package org.gatehouse.pipeline.faults;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * A fault for the whole-server tests: recurses until the JVM throws a real {@link StackOverflowError}, the failure a
 * hostile MIME tree once caused in a mailet. Put on the gateway's classpath and named in its mailetcontainer.xml.
 */
public class StackOverflowMailet extends GenericMailet {
    @Override
    public void service(Mail mail) {
        descend(0);
    }

    private static int descend(int depth) {
        return descend(depth + 1) + 1;
    }
}
