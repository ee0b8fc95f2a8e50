# The diary of students and parents, a class's progress, a class's day of attendance.
diary-title = Diary
diary-children = Children
diary-periods = Study periods
diary-weeks = Weeks
diary-days = Days
diary-all-marks = All marks of the period
diary-week-prev = Previous week
diary-week-next = Next week
diary-week-this = This week
diary-today = today
diary-no-lessons = No lessons.
diary-weekday-1 = Monday
diary-weekday-2 = Tuesday
diary-weekday-3 = Wednesday
diary-weekday-4 = Thursday
diary-weekday-5 = Friday
diary-weekday-6 = Saturday
diary-weekday-7 = Sunday
diary-state-substituted = substitute
diary-state-added = moved here
diary-state-cancelled = cancelled
diary-state-unplanned = not in the timetable
diary-room-prefix = room
diary-due-prefix = for
diary-weight-prefix = weight
diary-topic = Topic
diary-homework-due = Homework
diary-homework-given = Set
diary-file = file
diary-mark = Mark
diary-summary = Summary
diary-period-closed = closed
diary-no-subjects = No subjects yet.
diary-subject = Subject
diary-average = Average
diary-period-mark = Period
diary-needs = What is needed
diary-no-marks = no marks yet
diary-needs-none = the average is a 5 already
diary-needs-five = { $n ->
    [one] { $n } more 5 for a «5»
   *[other] { $n } more 5s for a «5»
}
diary-needs-four = { $n ->
    [one] { $n } more 5 for a «4»
   *[other] { $n } more 5s for a «4»
}
diary-duties = Not handed in (duties)
diary-no-duties = Nothing overdue.
diary-marks-title = Marks
diary-marks = Marks
diary-marks-hint = Hover over or tap a mark to see its date, assignment type, weight and comment. The average is weighted.
diary-no-periods = No study periods yet.
diary-final-year = Year
diary-final-exam = Exam
diary-final-final = Final
diary-progress-title = Progress of { $class }
diary-progress-short = Progress
diary-student = Student
diary-class-average = Class average
diary-journal = journal
diary-no-students = No students in the class.
diary-risk-none = No students at risk.
diary-risk-count = { $n ->
    [one] { $n } student at risk
   *[other] { $n } students at risk
}
diary-risk-legend = — at risk: an average below 2.6 or a 2 for the period
diary-progress-legend = Each cell: the weighted average and the period mark. A student's average is over subjects, the class average over students.
diary-day-title = Attendance of { $class }
diary-day-title-short = Attendance
diary-day-prev = Previous day
diary-day-next = Next day
diary-day-pick = Day
diary-day-show = Show
diary-day-legend = Codes: ОТ absent, Б ill, УП excused, НП unexcused, ОП late, ОСВ exempt. A grey cell is another group's lesson.
diary-not-their-lesson = another group's lesson
diary-code-ill = ill
diary-code-excused = excused
diary-code-unexcused = unexcused
diary-code-absent = absent
diary-code-late = late
diary-code-exempt = exempt
diary-reason-title = Set the reason of an absence
diary-reason-choose = — choose a student —
diary-reason-code = Reason
diary-reason-from = From
diary-reason-to = To
diary-reason-to-hint = Empty: one day only.
diary-reason-lesson = Lesson
diary-reason-all-lessons = every lesson of the day
diary-reason-lesson-n = lesson { $n }
diary-reason-fill = Mark the student absent at every lesson of these days
diary-reason-hint = The reason goes onto absences already marked. With the box ticked, lessons without an entry are marked absent too — up to today only.
diary-reason-save = Save the reason
diary-reason-closed-day = This day is in a closed period: the reason cannot be changed.
diary-reason-done = { $n ->
    [one] Reason set for { $n } lesson.
   *[other] Reason set for { $n } lessons.
}
diary-reason-nothing = No absences on these days: nothing changed.
diary-reason-student-required = Choose a student.
diary-reason-code-invalid = Choose a reason: Б, УП or НП.
diary-reason-date-invalid = Enter a date (YYYY-MM-DD).
diary-reason-to-before-from = «To» cannot be before «from».
diary-reason-too-long = At most 31 days at a time.
diary-reason-lesson-invalid = The lesson number is 0 to 9.
diary-reason-not-in-class = This student is not in the class on these days.
diary-reason-year-closed = The study year is closed: no changes.
diary-reason-outside-year = The dates must be inside the study year.
diary-reason-period-closed = These days are in a closed study period: no changes.
