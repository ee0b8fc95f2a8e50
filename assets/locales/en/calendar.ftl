# Phone calendar: a private iCalendar address with lessons, homework and events.
cal-title = Phone calendar
cal-intro = Your timetable and due dates in your phone's calendar. The calendar keeps itself up to date: the phone fetches changes from a private address.
cal-has-student = your lessons (with substitutions and cancellations) with rooms, teachers and topics, homework by due date, and class events
cal-has-parent = your children's lessons and homework by due date, and the events parents are invited to
cal-has-staff = the lessons you give, substitutions included, and the events of your classes
cal-window = The calendar covers two weeks back and eight weeks ahead. Homework shows on the day it is due.
cal-fresh-title = Your calendar address
cal-fresh-once = Copy the address now: it will not be shown again.
cal-address = Address
cal-subscribe-here = Subscribe on this device
cal-address-title = Calendar address
cal-none = No address yet. Create one to subscribe to the calendar.
cal-created = Created
cal-last-used = Last fetched by a calendar
cal-never = not yet
cal-lost = The address is shown only when it is created. If you lost it, create a new one — the old one stops working at once.
cal-create = Create address
cal-recreate = Create a new address
cal-revoke = Revoke
cal-private = Anyone who knows the address sees your timetable without a password. Do not publish it; if a stranger got it, revoke it or create a new one.
cal-flash-revoked = Address revoked: calendars using it will no longer update.
cal-how-title = How to subscribe
cal-iphone = iPhone and iPad
cal-iphone-1 = Open this page on the iPhone, tap «Create address», then «Subscribe on this device».
cal-iphone-2 = The iPhone asks whether to subscribe to the calendar: tap «Subscribe», then «Add».
cal-iphone-3 = If the address was created on a computer: Settings → Calendar (on newer iOS: Settings → Apps → Calendar) → Accounts → Add Account → Other → Add Subscribed Calendar — paste the address and tap «Next».
cal-android = Android (Google Calendar)
cal-android-1 = On a computer, open calendar.google.com with the same Google account as on the phone.
cal-android-2 = On the left, next to «Other calendars», click «+» → «From URL», paste the address and click «Add calendar».
cal-android-3 = The calendar appears in the app on the phone by itself. Google refreshes such calendars every few hours.
# Inside the calendar.
cal-feed-name = Parta — { $name }
cal-cancelled = Cancelled: { $what }
cal-lesson-substitute = Substitute: { $name }
cal-lesson-given-away = Given by { $name }
cal-lesson-substituting = Substituting for { $name }
cal-lesson-topic = Topic: { $topic }
cal-homework = Homework: { $subject }
cal-homework-files = { $n ->
    [one] { $n } file for the homework — in the diary
   *[other] { $n } files for the homework — in the diary
}
cal-event = Event
cal-event-responsible = In charge: { $name }
