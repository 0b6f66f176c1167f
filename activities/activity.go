package activities

import "github.com/pipedrive-go/pipedrive/crm"

// The models are defined in package crm, which does not import the API
// client, so that code that only reads activities (a webhook receiver)
// links neither the client core nor the rate limiter. These aliases are
// the names this package's API uses; the types are identical.

// Activity is a call, meeting, task or other to-do. See crm.Activity.
type Activity = crm.Activity

// Participant is a person taking part in an activity.
type Participant = crm.ActivityParticipant

// Attendee is someone invited to an activity by email.
type Attendee = crm.ActivityAttendee

// AttendeeStatus is an attendee's answer to the invitation.
type AttendeeStatus = crm.AttendeeStatus

// Attendee statuses.
const (
	AttendeeAccepted  = crm.AttendeeAccepted
	AttendeeDeclined  = crm.AttendeeDeclined
	AttendeeTentative = crm.AttendeeTentative
	AttendeeNoReply   = crm.AttendeeNoReply
)

// Duration is how long an activity lasts: a time.Duration that encodes as
// "HH:MM" (activities.Duration(45*time.Minute)). See crm.Duration.
type Duration = crm.Duration

// ActivityType is a kind of activity (call, meeting, or the company's
// own). See crm.ActivityType.
type ActivityType = crm.ActivityType

// TypeKey is an activity type's key, what Activity.Type holds.
type TypeKey = crm.ActivityTypeKey

// The activity types every company starts with.
const (
	TypeCall     = crm.ActivityCall
	TypeMeeting  = crm.ActivityMeeting
	TypeTask     = crm.ActivityTask
	TypeDeadline = crm.ActivityDeadline
	TypeEmail    = crm.ActivityEmail
	TypeLunch    = crm.ActivityLunch
)

// Icon is an activity type's icon.
type Icon = crm.ActivityIcon

// Activity type icons (crm.ActivityIcons lists them all).
const (
	IconTask         = crm.ActivityIconTask
	IconEmail        = crm.ActivityIconEmail
	IconMeeting      = crm.ActivityIconMeeting
	IconDeadline     = crm.ActivityIconDeadline
	IconCall         = crm.ActivityIconCall
	IconLunch        = crm.ActivityIconLunch
	IconCalendar     = crm.ActivityIconCalendar
	IconDownArrow    = crm.ActivityIconDownArrow
	IconDocument     = crm.ActivityIconDocument
	IconSmartphone   = crm.ActivityIconSmartphone
	IconCamera       = crm.ActivityIconCamera
	IconScissors     = crm.ActivityIconScissors
	IconCogs         = crm.ActivityIconCogs
	IconBubble       = crm.ActivityIconBubble
	IconUpArrow      = crm.ActivityIconUpArrow
	IconCheckbox     = crm.ActivityIconCheckbox
	IconSignpost     = crm.ActivityIconSignpost
	IconShuffle      = crm.ActivityIconShuffle
	IconAddressBook  = crm.ActivityIconAddressBook
	IconLineGraph    = crm.ActivityIconLineGraph
	IconPicture      = crm.ActivityIconPicture
	IconCar          = crm.ActivityIconCar
	IconWorld        = crm.ActivityIconWorld
	IconSearch       = crm.ActivityIconSearch
	IconClip         = crm.ActivityIconClip
	IconSound        = crm.ActivityIconSound
	IconBrush        = crm.ActivityIconBrush
	IconKey          = crm.ActivityIconKey
	IconPadlock      = crm.ActivityIconPadlock
	IconPriceTag     = crm.ActivityIconPriceTag
	IconSuitcase     = crm.ActivityIconSuitcase
	IconFinish       = crm.ActivityIconFinish
	IconPlane        = crm.ActivityIconPlane
	IconLoop         = crm.ActivityIconLoop
	IconWifi         = crm.ActivityIconWifi
	IconTruck        = crm.ActivityIconTruck
	IconCart         = crm.ActivityIconCart
	IconBulb         = crm.ActivityIconBulb
	IconBell         = crm.ActivityIconBell
	IconPresentation = crm.ActivityIconPresentation
)
