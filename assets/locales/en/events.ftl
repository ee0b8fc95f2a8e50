# Class events, parents' answers, notices.
event-kind-class_hour = Class hour
event-kind-excursion = Excursion
event-kind-parent_meeting = Parent meeting
event-kind-olympiad = Olympiad, contest
event-kind-celebration = Celebration, concert
event-kind-other = Other

events-nav = Events
events-nav-plans = Plans
notices-nav = Notices

events-title = Events
events-class-title = Events of { $class }
events-new = New event
events-new-title = New event of { $class }
events-edit-title = Change an event of { $class }
events-class = Class
events-all-classes = All classes
events-show = Show
events-class-page = Class page
events-weeks = Weeks
events-earlier = Earlier
events-later = Later
events-to-now = To this week
events-week-of = Week of { $date }
events-none = No events in these weeks.
events-from-time = from { $time }
events-cancelled = called off
events-cancelled-note = The event is called off. The participants have been told.
events-overlap = overlaps
events-overlap-hint = The class has another event at the same time
events-overlaps-with = At the same time:
events-responsible-short = resp.
events-kind = Kind
events-title-field = Title
events-date = Date
events-start = Start
events-end = End
events-place = Place
events-responsible = Responsible
events-responsible-account = A member of staff
events-responsible-none = — not in the list —
events-responsible-name = or write a name
events-responsible-name-hint = A guide, a parent, a guest
events-participants = Participants
events-whole-class = The whole class
events-chosen-students = Chosen students
events-class-list = Class list
events-no-students = The class has no students on that day.
events-invite-parents = Parents are invited
events-parent-meeting-hint = Parents are always invited to a parent meeting.
events-with-parents = with parents
events-n-students = { $n ->
    [one] { $n } student
   *[other] { $n } students
}
events-notes = Notes
events-at-most = At most { $n } characters.
events-save = Save
events-back = Back
events-edit = Change
events-cancel = Call off
events-restore = Put back on
events-delete = Delete…
events-delete-confirm = Delete the event with the parents' answers? This cannot be undone.
events-delete-yes = Delete
events-created-by = Created by { $who }
events-updated-by = changed by { $who }, { $when }

events-answers = Parents' answers
events-answers-yes = Coming
events-answers-no = Not coming
events-answers-none = No answer
events-student = Student
events-parents = Parents
events-no-parents = no parents on file
events-answer-yes = coming
events-answer-no = not coming
events-answer-none = no answer
events-invite-for = Invitation: { $student }
events-your-answer = Your answer
events-no-answer-yet = You have not answered yet.
events-give-answer = Answer
events-change-answer = Change the answer
events-reply-note = Comment (optional)
events-reply-yes = I will come
events-reply-no = I cannot come
events-reply-closed = Answers were taken until { $date }.

events-change-date = date
events-change-time = time
events-change-place = place

events-error-kind = Choose a kind of event from the list.
events-error-title = Give a title.
events-error-too-long = Too long.
events-error-date = Give a date, e.g. 28.11.2026.
events-error-date-year = The date must fall in the class's study year.
events-error-time = Give a time, e.g. 14:30.
events-error-end-without-start = Give the start time too.
events-error-end-before-start = The end must come after the start.
events-error-responsible = Choose a member of staff from the list.
events-error-who = Choose: the whole class or chosen students.
events-error-no-students = Tick at least one student.
events-error-student = Only students of this class can be chosen.
events-error-year-closed = The study year is closed: its events do not change.
events-error-no-event = No such event.
events-error-not-invited = This student's parents are not invited to the event.
events-error-reply-closed = Answers are no longer taken: the event is over or called off.
events-error-answer = Choose an answer: coming or not.

events-flash-created = Event created; the participants have been told.
events-flash-saved = Saved.
events-flash-cancelled = The event is called off.
events-flash-restored = The event is back on.
events-flash-deleted = The event is deleted.
events-flash-answered = Answer saved.

events-home-upcoming = Coming events
events-home-all = All events

notice-event-new = { $class }: a new event «{ $title }», { $date }
notice-event-changed = { $class }: the event «{ $title }» has changed ({ $changes }). Now: { $date }
notice-event-cancelled = { $class }: the event «{ $title }» on { $date } is called off
notice-event-restored = { $class }: the event «{ $title }» on { $date } is back on
notice-event-deleted = { $class }: the event «{ $title }» on { $date } is deleted
notices-title = Notices
notices-mark-all-read = Mark all read
notices-unread = { $n ->
    [one] { $n } unread
   *[other] { $n } unread
}
notices-all-read = Every notice is read.
notices-none = No notices yet.
notices-new = new
notices-flash-read = Every notice is marked read.
