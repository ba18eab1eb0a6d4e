#!/usr/bin/python3
"""An SMF that is not this project's code: Scapy's PFCP layers (scapy.contrib.pfcp, Release 15 layouts:
1-octet Apply Action, 2-octet Reporting Triggers) over a plain UDP socket.

Usage: smf.py UPF_ADDR UPF_PORT GNB_ADDR GNB_TEID UE_ADDR
Commands on stdin, one per line: associate, establish, modify NEW_GNB_TEID (moves the downlink tunnel and
queries URR 1), delete, release, quit.
Each answer is one JSON line on stdout: the response's type and cause, the IEs the test needs, and the raw
response bytes (hex) so the test can hand everything the UPF sent to tshark.
"""
import json
import socket
import sys

from scapy.contrib.pfcp import *  # noqa: F401,F403

upf = (sys.argv[1], int(sys.argv[2]))
gnb, gnb_teid, ue = sys.argv[3], int(sys.argv[4], 0), sys.argv[5]
SMF = "127.0.0.1"
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((SMF, 0))
sock.settimeout(5)
seq = 0
state = {"up_seid": 0}
NODE = IE_NodeId(id_type=0, ipv4=SMF)


def exchange(msg, seid=None):
    global seq
    seq += 1
    hdr = PFCP(version=1, S=0, seq=seq) if seid is None else PFCP(version=1, S=1, seid=seid, seq=seq)
    sock.sendto(bytes(hdr / msg), upf)
    data, _ = sock.recvfrom(65535)
    return data, PFCP(data)


def cause_of(resp):
    for ie in resp.payload.IE_list:
        if isinstance(ie, IE_Cause):
            return ie.cause
    return None


def report(kind, data, resp, **extra):
    out = {"step": kind, "type": resp.message_type, "cause": cause_of(resp), "seq_ok": resp.seq == seq,
           "raw": data.hex()}
    out.update(extra)
    print(json.dumps(out), flush=True)


def associate():
    data, resp = exchange(PFCPAssociationSetupRequest(IE_list=[
        NODE, IE_RecoveryTimeStamp(timestamp=3900000000)]))
    feats = [ie for ie in resp.payload.IE_list if isinstance(ie, IE_UPFunctionFeatures)]
    report("associate", data, resp, ftup=bool(feats and feats[0].FTUP))


def establish():
    ul_pdr = IE_CreatePDR(IE_list=[
        IE_PDR_Id(id=1), IE_Precedence(precedence=200),
        IE_PDI(IE_list=[IE_SourceInterface(interface=0), IE_FTEID(V4=1, CH=1, CHID=1, choose_id=7),
                        IE_NetworkInstance(instance="internet"), IE_UE_IP_Address(V4=1, ipv4=ue),
                        IE_QFI(QFI=9)]),
        IE_OuterHeaderRemoval(header=0), IE_FAR_Id(id=1), IE_URR_Id(id=1), IE_QER_Id(id=1)])
    dl_pdr = IE_CreatePDR(IE_list=[
        IE_PDR_Id(id=2), IE_Precedence(precedence=200),
        IE_PDI(IE_list=[IE_SourceInterface(interface=1), IE_NetworkInstance(instance="internet"),
                        IE_UE_IP_Address(V4=1, SD=1, ipv4=ue)]),
        IE_FAR_Id(id=2), IE_URR_Id(id=1), IE_QER_Id(id=1)])
    ul_far = IE_CreateFAR(IE_list=[IE_FAR_Id(id=1), IE_ApplyAction(FORW=1), IE_ForwardingParameters(IE_list=[
        IE_DestinationInterface(interface=1), IE_NetworkInstance(instance="internet")])])
    dl_far = IE_CreateFAR(IE_list=[IE_FAR_Id(id=2), IE_ApplyAction(FORW=1), IE_ForwardingParameters(IE_list=[
        IE_DestinationInterface(interface=0),
        IE_OuterHeaderCreation(GTPUUDPIPV4=1, TEID=gnb_teid, ipv4=gnb)])])
    qer = IE_CreateQER(IE_list=[IE_QER_Id(id=1), IE_GateStatus(ul=0, dl=0), IE_MBR(ul=100000, dl=100000),
                                IE_QFI(QFI=9)])
    urr = IE_CreateURR(IE_list=[IE_URR_Id(id=1), IE_MeasurementMethod(VOLUM=1),
                                IE_ReportingTriggers(volume_threshold=1),
                                IE_VolumeThreshold(TOVOL=1, total=10000000)])
    data, resp = exchange(PFCPSessionEstablishmentRequest(IE_list=[
        NODE, IE_FSEID(v4=1, seid=0xA1, ipv4=SMF), ul_pdr, dl_pdr, ul_far, dl_far, urr, qer,
        IE_PDNType(pdn_type=1)]), seid=0)
    teid = None
    for ie in resp.payload.IE_list:
        if isinstance(ie, IE_FSEID):
            state["up_seid"] = ie.seid
        if isinstance(ie, IE_CreatedPDR):
            for sub in ie.IE_list:
                if isinstance(sub, IE_FTEID):
                    teid = sub.TEID
    report("establish", data, resp, teid=teid, seid_header=resp.seid)


def modify(new_teid):
    data, resp = exchange(PFCPSessionModificationRequest(IE_list=[
        IE_UpdateFAR(IE_list=[IE_FAR_Id(id=2), IE_ApplyAction(FORW=1), IE_UpdateForwardingParameters(IE_list=[
            IE_DestinationInterface(interface=0),
            IE_OuterHeaderCreation(GTPUUDPIPV4=1, TEID=new_teid, ipv4=gnb)])]),
        IE_QueryURR(IE_list=[IE_URR_Id(id=1)])]), seid=state["up_seid"])
    report("modify", data, resp, usage=volumes(resp, IE_UsageReport_SMR))


def delete():
    data, resp = exchange(PFCPSessionDeletionRequest(IE_list=[]), seid=state["up_seid"])
    report("delete", data, resp, usage=volumes(resp, IE_UsageReport_SDR))


def volumes(resp, report_type):
    for ie in resp.payload.IE_list:
        if isinstance(ie, report_type):
            for sub in ie.IE_list:
                if isinstance(sub, IE_VolumeMeasurement):
                    return {"total": sub.total, "uplink": sub.uplink, "downlink": sub.downlink}
    return {}


def release():
    data, resp = exchange(PFCPAssociationReleaseRequest(IE_list=[NODE]))
    report("release", data, resp)


for line in sys.stdin:
    cmd = line.split()
    if not cmd:
        continue
    if cmd[0] == "quit":
        break
    try:
        if cmd[0] == "modify":
            modify(int(cmd[1], 0))
        else:
            {"associate": associate, "establish": establish, "delete": delete, "release": release}[cmd[0]]()
    except Exception as e:  # report, never hang the test
        print(json.dumps({"step": cmd[0], "error": repr(e)}), flush=True)
