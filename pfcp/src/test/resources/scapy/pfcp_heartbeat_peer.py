"""A foreign PFCP peer built with Scapy: sends a Heartbeat Request to HOST PORT, prints the answer as JSON.

Usage: pfcp_heartbeat_peer.py HOST PORT SEQUENCE RECOVERY_TIME_STAMP
"""
import json
import socket
import sys

from scapy.contrib.pfcp import PFCP, PFCPHeartbeatRequest, IE_RecoveryTimeStamp

host, port, seq, stamp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
request = PFCP(version=1, S=0, seq=seq) / PFCPHeartbeatRequest(IE_list=[IE_RecoveryTimeStamp(timestamp=stamp)])
with socket.socket(family, socket.SOCK_DGRAM) as s:
    s.settimeout(5)
    s.sendto(bytes(request), (host, port))
    data, _ = s.recvfrom(65535)
answer = PFCP(data)
ies = answer.payload.IE_list
print(json.dumps({
    "version": answer.version,
    "message_type": answer.message_type,
    "seq": answer.seq,
    "length": answer.length,
    "ies": [ie.ietype for ie in ies],
    "recovery_time_stamp": [ie.timestamp for ie in ies if ie.ietype == 96],
}))
