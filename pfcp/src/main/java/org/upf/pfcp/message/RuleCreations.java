package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.IeContainer;
import org.upf.pfcp.ie.IeType;

/** The Create PDR/FAR/URR/QER/BAR IEs that Session Establishment and Modification Requests both carry. */
public interface RuleCreations extends IeContainer {

    default List<CreatePdr> createPdrs() {
        return findAll(IeType.CREATE_PDR, CreatePdr.class);
    }

    default List<CreateFar> createFars() {
        return findAll(IeType.CREATE_FAR, CreateFar.class);
    }

    default List<CreateUrr> createUrrs() {
        return findAll(IeType.CREATE_URR, CreateUrr.class);
    }

    default List<CreateQer> createQers() {
        return findAll(IeType.CREATE_QER, CreateQer.class);
    }

    /** Create BAR (§7.5.2.6), or {@code null}. */
    default GroupedIe createBar() {
        return find(IeType.CREATE_BAR, GroupedIe.class);
    }
}
