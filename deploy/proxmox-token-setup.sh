#!/usr/bin/env bash
# Run once on a Proxmox VE node as root: creates the portal's user, role and API token.
# Prints the token secret once; put it in the portal's secrets as Runtime__Proxmox__TokenSecret.
set -euo pipefail
user="${1:-zlhportal@pve}"
token="${2:-portal}"
role="ZlhPortal"
privileges="VM.Allocate VM.Clone VM.Config.CPU VM.Config.Memory VM.Config.Disk VM.Config.Network VM.Config.Options \
VM.PowerMgmt VM.Audit VM.Snapshot VM.Backup Datastore.AllocateSpace Datastore.Audit Sys.Audit SDN.Use"

pveum role add "$role" -privs "$privileges" 2>/dev/null || pveum role modify "$role" -privs "$privileges"
pveum user add "$user" --comment "ZlhPortal control plane" 2>/dev/null || true
pveum acl modify / -user "$user" -role "$role"
# Privilege separation on: the token gets its own ACL, equal to the user's.
pveum user token add "$user" "$token" --privsep 1 --comment "ZlhPortal"
pveum acl modify / -token "$user!$token" -role "$role"
echo "Token id: $user!$token (the secret above is shown only once)"
echo "Certificate fingerprint for Runtime__Proxmox__Fingerprint:"
openssl x509 -in /etc/pve/local/pve-ssl.pem -noout -fingerprint -sha256 | cut -d= -f2
