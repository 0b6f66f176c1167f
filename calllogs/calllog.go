package calllogs

import "github.com/pipedrive-go/pipedrive/crm"

// CallLog is a logged phone call. See crm.CallLog.
type CallLog = crm.CallLog

// Outcome is how a call ended. See crm.CallOutcome.
type Outcome = crm.CallOutcome

// Call outcomes.
const (
	OutcomeConnected     = crm.CallOutcomeConnected
	OutcomeNoAnswer      = crm.CallOutcomeNoAnswer
	OutcomeLeftMessage   = crm.CallOutcomeLeftMessage
	OutcomeLeftVoicemail = crm.CallOutcomeLeftVoicemail
	OutcomeWrongNumber   = crm.CallOutcomeWrongNumber
	OutcomeBusy          = crm.CallOutcomeBusy
)
